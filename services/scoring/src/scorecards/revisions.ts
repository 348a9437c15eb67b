import type { Scorecard, Standard } from '@chuangwen/scoring-engine';
import type { FactLogEntry } from '../facts/fact-log';
import { factsAt, Known, recordedLate } from '../facts/facts-at';
import type { describe } from '../rollups/rollup';
import { scoreOf } from './standing';

/** The end of a China day, in ms (its last millisecond). */
export const endOfDay = (day: string): number => Date.parse(`${day}T23:59:59.999+08:00`);

/** What changed in a past day's figures after the fact: records of facts that occurred by then, made after its end. */
export interface Revisions {
  /** The instant compared with: the end of the asOf day (China time). */
  readonly knownAtEndOfDay: string;
  /** Figures that differ from what the platform showed at the end of that day: [figure, then, now]. */
  readonly changed: { figure: string; then: unknown; now: unknown }[];
  /** The late records behind them. */
  readonly lateRecords: { position: number; type: string; occurredOn: string; recordedAt: string }[];
}

export interface NodeRevisions {
  readonly knownAtEndOfDay: string;
  readonly changed: { figure: string; then: unknown; now: unknown }[];
  /** Communities with late records for that day. */
  readonly communities: string[];
}

export function revisionsOf(
  code: string,
  log: FactLogEntry[],
  cards: Scorecard[],
  standards: Standard[],
  day: string,
  known: Known,
): Revisions | null {
  const end = endOfDay(day);
  const late = recordedLate(log, day, end, known.knownBy);
  const result: Revisions = {
    knownAtEndOfDay: new Date(end).toISOString(),
    changed: [],
    lateRecords: late.map((e) => ({
      position: e.position,
      type: e.type,
      occurredOn: e.occurredOn,
      recordedAt: new Date(e.recordedAt).toISOString(),
    })),
  };
  if (!late.length || !cards[0]) return result;
  const then = scoreOf(
    standards[0],
    code,
    factsAt(log, { ...known, knownBy: Math.min(known.knownBy ?? Infinity, end) }),
    day,
  ).card;
  const now = cards[0];
  const diff = (figure: string, a: unknown, b: unknown) => a !== b && result.changed.push({ figure, then: a, now: b });
  diff('total', then.total, now.total);
  diff('passed', then.passed, now.passed);
  diff('vetoed', then.veto.vetoed, now.veto.vetoed);
  now.indicators.forEach((i, k) => {
    diff(`${i.id}.points`, then.indicators[k].points, i.points);
    diff(`${i.id}.status`, then.indicators[k].status, i.status);
  });
  return result;
}

export function changedFigures(then: ReturnType<typeof describe>, now: ReturnType<typeof describe>) {
  const out: { figure: string; then: unknown; now: unknown }[] = [];
  for (const f of ['communities', 'scored', 'meanTotal', 'passed', 'vetoed', 'passRate'] as const)
    if (then[f] !== now[f]) out.push({ figure: f, then: then[f], now: now[f] });
  return out;
}
