import type { CommunityFacts } from '@chuangwen/scoring-engine';
import { countHeld, emptyTally } from '../activity-tallies/activity-tally';
import type { ActivityTally } from '../activity-tallies/activity-tally';
import { emptyFacts, evolveFacts } from './evolve-facts';
import { asFactEvent, FactLogEntry } from './fact-log';

/**
 * Which facts a figure is made of: everything known now (both unset), or
 * - `occurredBy` (asOf=D): the facts that occurred by the end of day D, whenever they were recorded;
 * - `knownBy` (knownAt=T, ms): the facts recorded by instant T — what the platform knew then.
 * Both may be set: the day D as it was known at T.
 */
export interface Known {
  readonly occurredBy?: string;
  readonly knownBy?: number;
}

export const isKnown = (e: FactLogEntry, k: Known): boolean =>
  (k.knownBy === undefined || e.recordedAt <= k.knownBy) &&
  (k.occurredBy === undefined || e.occurredOn <= k.occurredBy);

/**
 * The one fold of a community's facts from its fact log (evolveFacts, entry by entry in position
 * order), keeping the entries `known` selects. The live projection folds the same events one by
 * one into its stored facts, the replay refolds the same entries: the fact-log spec and the
 * property spec (one-path.spec.ts) hold them equal.
 */
export function factsAt(entries: readonly FactLogEntry[], known: Known = {}): CommunityFacts {
  const facts = emptyFacts();
  for (const e of entries) if (isKnown(e, known)) evolveFacts(facts, asFactEvent(e));
  return facts;
}

/** The activities held in `year` among the entries `known` selects (as the activity tallies count them). */
export function tallyAt(entries: readonly FactLogEntry[], year: number, known: Known = {}): ActivityTally {
  let t = emptyTally();
  for (const e of entries) {
    if (e.type !== 'ActivityHeld' || !isKnown(e, known) || +(e.data.heldAt as string).slice(0, 4) !== year) continue;
    t = countHeld(t, e.data.kind as never, e.data.scale as never, e.data.participants as number);
  }
  return t;
}

/** Entries that occurred by `day` but were recorded after its end: they changed its figures after the fact. */
export const recordedLate = (
  entries: readonly FactLogEntry[],
  day: string,
  endOfDay: number,
  knownBy?: number,
): FactLogEntry[] =>
  entries.filter(
    (e) =>
      e.occurredOn <= day &&
      e.occurredOn !== '' &&
      e.recordedAt > endOfDay &&
      (knownBy === undefined || e.recordedAt <= knownBy),
  );
