import { availableParallelism } from 'node:os';
import { codePrefix } from '@chuangwen/contracts';
import type { HistoryEvent, StandardPublished } from '@chuangwen/contracts';
import type { ReplayedDocs } from '@chuangwen/projections';
import { DocPacker } from '@chuangwen/read-store';
import { internDay, rememberedByHour, toDay } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';
import { evolveFacts } from '../../facts/evolve-facts';
import { asFactEvent, decodeFoldEntry, EncodedEntry, encodeEntry, entryFields } from '../../facts/fact-log';
import { FACT_EVENT_TYPES, FactEvent, laneOf, ScoringEvent } from '../../facts/scoring-events';
import {
  COMMUNITIES,
  CommunityDoc,
  FACT_LOG,
  newCommunity,
  ROLLUPS,
  SCORES,
  scoreId,
  STANDARDS,
  StandardDoc,
} from '../collections';
import { maxDay, Standing, standingOf } from '../standing';
import { rollUpAbove } from '../rollup-tree';
import {
  indexEntry,
  STANDARD_INDEX_ID,
  StandardIndexDoc,
  StandardsCache,
  standardVersionDoc,
} from '../standards-cache';
import { compareCodes, EntryLog, SortedEntries } from './entry-log';
import { startHelpers } from './settle-helper';
import { StreetRollups } from './street-rollups';

type Doc<T> = Omit<T, '_pos'>;

/** What the first pass keeps: every community's entries in log order, and the few global events. */
export interface Gathered {
  /** Fact-log entries by community. */
  readonly facts: SortedEntries;
  /** Registrations by community: `[position, day]` (they touch a community but are not facts). */
  readonly registrations: SortedEntries;
  /** The communities (members) in code order: codes, and each one's place among the codes of `facts` and of `registrations` (-1: none). */
  readonly codes: readonly string[];
  readonly factsOf: Int32Array;
  readonly registrationsOf: Int32Array;
  readonly versions: Doc<StandardDoc>[];
  /** New standard versions: each touches the communities of its authority known by then. */
  readonly publications: { position: number; day: string; prefix: string }[];
  readonly evaluationDays: string[];
  readonly evaluationPositions: number[];
}

/** Communities per claimed block (see `claimed`) and roll-ups per load. */
const CHUNK = 1_000;
/**
 * Communities per handful of documents handed on (packed: their texts are bytes outside the JS heap,
 * so a larger handful keeps nothing young alive longer; a tenth as many messages and loads as 100).
 */
const HANDFUL = 1000;

/**
 * The scoring projection's rebuild, in two passes. The first writes every fact event as its
 * fact-log entry (off the JS heap, see EntryLog) and sorts them by community; the second takes one
 * community at a time, in code order (in blocks shared by helper threads): refolds its facts from
 * its entries, scores it once at the day the live projection last scored it, and writes its
 * documents, which then go (so memory holds one community's facts at a time). Roll-ups are built
 * from the final scores.
 *
 * Equal to applying the events batch by batch (the spec compares the two) because scoring is
 * state-based: a standing depends only on the facts and the day, and a roll-up only on its children's
 * standings. The day: that of the community's last touch (an event of its own, its registration, a
 * standard published over it), then each EvaluationDayBegan after it that found it due, as the
 * live barrier does. The fact log's entries refold to the same facts as the events (fact-log spec).
 */
export async function* replayScoring(
  history: AsyncIterable<readonly HistoryEvent[]>,
  cache: StandardsCache,
  options: Partial<ReplayOptions> = {},
): AsyncGenerator<ReplayedDocs> {
  const gathered = await gather(history);
  yield* settle(
    gathered,
    gathered.versions.map((v) => cache.standardOf(v)),
    { helperFrom: 50_000, helpers: Math.min(4, Math.max(2, availableParallelism())), ...options },
  );
}

/** What `gather` reads of each event's data (the projection's `historyFields`); standards come whole. */
export const REPLAY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    [...FACT_EVENT_TYPES].map((type) => [type, ['communityCode', ...entryFields(type as FactEvent['type'])]]),
  ),
  JurisdictionRegistered: ['code', 'level'],
  EvaluationDayBegan: ['day'],
};

export interface ReplayOptions {
  /** From how many communities the second pass is done by helper threads. */
  readonly helperFrom: number;
  /** How many helper threads (by default the cores there are, from two to four). */
  readonly helpers: number;
}

async function gather(history: AsyncIterable<readonly HistoryEvent[]>): Promise<Gathered> {
  const facts = new EntryLog();
  const registrations = new EntryLog(2 ** 20);
  const g = {
    versions: [] as Doc<StandardDoc>[],
    publications: [] as Gathered['publications'][number][],
    evaluationDays: [] as string[],
    evaluationPositions: [] as number[],
  };
  const dayOf = rememberedByHour((at) => internDay(toDay(at))); // the China day of each recording
  for await (const page of history) {
    for (const e of page as readonly HistoryEvent<ScoringEvent>[]) {
      if (e.type === 'EvaluationDayBegan') {
        g.evaluationDays.push(e.data.day);
        g.evaluationPositions.push(e.position);
      } else if (e.type === 'StandardPublished') {
        const version = standardVersionDoc(e.data as StandardPublished['data']);
        if (g.versions.some((v) => v._id === version._id)) continue; // a version is published once
        g.versions.push(version);
        g.publications.push({
          position: e.position,
          day: dayOf(e.recordedAt),
          prefix: codePrefix(version.issuingAuthority),
        });
      } else if (e.type === 'JurisdictionRegistered') {
        if (e.data.level === 'community') registrations.append(e.data.code, [e.position, dayOf(e.recordedAt)]);
      } else {
        const fact = e as unknown as FactEvent;
        // Its recording instant: the entry keeps the day and the second (knownAt).
        facts.append(fact.data.communityCode, encodeEntry(fact, e.position, e.recordedAt));
      }
    }
  }
  return { ...g, ...members(facts.sorted(), registrations.sorted()) };
}

/** Every community with facts or a registration, in code order, from the two sorted logs. */
function members(
  facts: SortedEntries,
  registrations: SortedEntries,
): Pick<Gathered, 'facts' | 'registrations' | 'codes' | 'factsOf' | 'registrationsOf'> {
  const [a, b] = [facts.codes, registrations.codes];
  const codes: string[] = [];
  const factsOf: number[] = [];
  const registrationsOf: number[] = [];
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    const c = i === a.length ? 1 : j === b.length ? -1 : compareCodes(a[i], b[j]);
    codes.push(c <= 0 ? a[i] : b[j]);
    factsOf.push(c <= 0 ? i++ : -1);
    registrationsOf.push(c >= 0 ? j++ : -1);
  }
  return {
    facts,
    registrations,
    codes,
    factsOf: Int32Array.from(factsOf),
    registrationsOf: Int32Array.from(registrationsOf),
  };
}

async function* settle(
  g: Gathered,
  standards: readonly Standard[],
  options: ReplayOptions,
): AsyncGenerator<ReplayedDocs> {
  const index: Doc<StandardIndexDoc> = { _id: STANDARD_INDEX_ID, versions: g.versions.map(indexEntry) };
  if (g.versions.length) yield { collection: STANDARDS, docs: [...g.versions, index] };
  const streets = new StreetRollups();
  // With enough communities, helper threads do the work and this thread only hands their documents
  // on: each claims the next block of communities (in code order) when done with its last, so they
  // finish together. (Settled here, after the first pass, the same work cost a third more: most of
  // each community's objects outlived a scavenge of this thread's young generation and were
  // promoted — 7 KB a community, measured with --trace-gc-nvp — where a fresh thread's die young.)
  const next = new Int32Array(new SharedArrayBuffer(4));
  if (g.codes.length >= options.helperFrom) {
    const helpers = startHelpers(g, next, options.helpers);
    yield* helpers.docs();
    for (const s of helpers.streets) streets.merge(s);
  } else {
    for (const docs of settleMembers(g, claimed(next, g.codes.length), standards, streets)) yield* docs;
  }
  for (const collection of [STANDARDS, COMMUNITIES, FACT_LOG, SCORES]) yield { collection, docs: [], complete: true };
  const packer = new DocPacker();
  for (const s of streets.all()) {
    packer.add(scoreId(s.standardId, s.code), streets.json(s));
    if (packer.size === CHUNK) yield { collection: ROLLUPS, docs: packer.take() };
  }
  yield { collection: ROLLUPS, docs: packer.take() };
  yield* chunks(ROLLUPS, [...rollUpAbove(streets.all()).values()]);
}

/** Blocks of member numbers claimed from the shared counter `next` until all `total` are taken. */
export function* claimed(next: Int32Array, total: number): Generator<number> {
  for (;;) {
    const start = Atomics.add(next, 0, CHUNK);
    if (start >= total) return;
    for (let i = start; i < Math.min(start + CHUNK, total); i++) yield i;
  }
}

/**
 * Settles the given members in order, a handful of documents at a time (community documents, fact
 * logs, scores), adding their shares to `streets`. Each document is written as JSON into its
 * collection's packed batch as soon as it is made: a batch holds bytes off the JS heap rather than
 * the communities' object graphs or texts (which the collector would copy out of the young
 * generation), and moves to another thread without a copy.
 */
export function* settleMembers(
  g: Gathered,
  members: Iterable<number>,
  standards: readonly Standard[],
  streets: StreetRollups,
): Generator<ReplayedDocs[]> {
  const communities = new DocPacker();
  const logs = new DocPacker();
  const scores = new DocPacker();
  const handful = (): ReplayedDocs[] =>
    [
      { collection: COMMUNITIES, docs: communities.take() },
      { collection: FACT_LOG, docs: logs.take() },
      { collection: SCORES, docs: scores.take() },
    ].filter((d) => d.docs.ids.length > 0);
  for (const i of members) {
    const code = g.codes[i];
    const { doc, log, day, since } = refold(code, i, g);
    if (doc.registered && day) {
      const standing = finalStanding(code, doc, day, since, standards, g.evaluationDays);
      doc.scoredUnder = standing.scoredUnder;
      doc.reviewOn = standing.reviewOn;
      for (const { doc: score, aggregate } of standing.scores) {
        pack(scores, score);
        streets.add(score.standardId, code, aggregate);
      }
    }
    pack(communities, doc);
    if (log) logs.add(code, log);
    if (communities.size >= HANDFUL) yield handful();
  }
  yield handful();
}

const pack = (packer: DocPacker, { _id, ...rest }: { _id: string }): void => packer.add(_id, JSON.stringify(rest));

/**
 * One community from its entries: its document, the text of its fact log (the entries are text
 * already), and the day and evaluation-day count of its last touch.
 */
function refold(code: string, member: number, g: Gathered) {
  const doc = stripPos(newCommunity(code));
  const entriesJson = g.factsOf[member] < 0 ? '[]' : g.facts.json(g.factsOf[member]);
  const entries = JSON.parse(entriesJson) as EncodedEntry[];
  const registrations = (
    g.registrationsOf[member] < 0 ? [] : JSON.parse(g.registrations.json(g.registrationsOf[member]))
  ) as [number, string][];
  const first = Math.min(
    entries.length ? entries[0][0] : Infinity,
    registrations.length ? registrations[0][0] : Infinity,
  );
  const logLanes: Record<string, number> = {};
  let day: string | undefined;
  let since = 0;
  const touch = (position: number, on: string) => {
    // A new unit of work began for it at an evaluation day in between: its day starts again.
    const s = countBefore(g.evaluationPositions, position);
    day = s === since ? maxDay(day, on) : on;
    since = s;
  };
  let p = 0;
  const publishedBefore = (position: number) => {
    for (; p < g.publications.length && g.publications[p].position < position; p++) {
      const pub = g.publications[p];
      if (pub.position > first && code.startsWith(pub.prefix)) touch(pub.position, pub.day);
    }
  };
  for (let k = 0, r = 0; k < entries.length || r < registrations.length;) {
    if (r < registrations.length && (k === entries.length || registrations[r][0] < entries[k][0])) {
      const [position, on] = registrations[r++];
      publishedBefore(position);
      doc.registered = true;
      setLane(doc, laneOf('JurisdictionRegistered'), position);
      touch(position, on);
    } else {
      const entry = decodeFoldEntry(entries[k++]);
      publishedBefore(entry.position);
      evolveFacts(doc.facts, asFactEvent(entry));
      const lane = laneOf(entry.type);
      setLane(doc, lane, entry.position);
      logLanes[lane] = entry.position;
      touch(entry.position, entry.recordedOn);
    }
  }
  publishedBefore(Infinity);
  const log = entries.length ? `{"entries":${entriesJson},"_lanes":${JSON.stringify(logLanes)}}` : undefined;
  return { doc, log, day, since };
}

/** How many of the sorted positions are below `position`. */
function countBefore(positions: readonly number[], position: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid] < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Scored at the day of its last touch, then again at each evaluation day after it that found it due. */
function finalStanding(
  code: string,
  doc: Doc<CommunityDoc>,
  day: string,
  since: number,
  standards: readonly Standard[],
  evaluationDays: readonly string[],
): Standing {
  let standing = standingOf(code, doc.facts, day, standards);
  for (let i = since; i < evaluationDays.length; i++) {
    if (standing.reviewOn <= evaluationDays[i]) standing = standingOf(code, doc.facts, evaluationDays[i], standards);
  }
  return standing;
}

function* chunks(collection: string, docs: readonly object[]): Generator<ReplayedDocs> {
  for (let i = 0; i < docs.length; i += CHUNK)
    yield { collection, docs: docs.slice(i, i + CHUNK) as ReplayedDocs['docs'] };
}

function setLane(doc: { _lanes?: Record<string, number> }, lane: string, position: number): void {
  (doc._lanes ??= {})[lane] = position;
}

function stripPos<T extends { _pos: number }>(doc: T): Omit<T, '_pos'> {
  const { _pos, ...rest } = doc;
  return rest;
}
