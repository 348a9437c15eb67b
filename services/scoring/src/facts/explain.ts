import { windowOn } from '@chuangwen/scoring-engine';
import type { Indicator, Standard } from '@chuangwen/scoring-engine';
import { asFactEvent, FactLogEntry } from './fact-log';
import { Known } from './facts-at';
import { sourceKeysOfEvent, sourceKeysOfRule } from './fact-sources';

export interface ExplainedEntry {
  readonly position: number;
  readonly type: FactLogEntry['type'];
  readonly recordedOn: string;
  readonly recordedAt: string;
  readonly occurredOn: string | null;
  readonly data: Record<string, unknown>;
}

export interface Explanation {
  /** Exactly the entries the indicator's rule counted, in log order. */
  readonly counted: ExplainedEntry[];
  /** Entries about the same facts that did not count, each with the reason. */
  readonly notCounted: (ExplainedEntry & { reason: string })[];
}

/**
 * Pure: which of a community's fact-log entries an indicator's rule counted on `day`, and why the
 * others about the same facts did not (another year, superseded by a later survey, outside the
 * window, occurred after `asOf`, recorded after `knownAt`). Mirrors what the fold keeps (evolveFacts)
 * and what the rule reads of it (the engine's rules), window by window (`windowOn`).
 */
export function explainIndicator(
  standard: Standard,
  indicator: Indicator,
  entries: readonly FactLogEntry[],
  day: string,
  known: Known,
): Explanation {
  const rule = indicator.rule;
  const years = [
    ...new Set(entries.filter((e) => e.type === 'ActivityHeld').map((e) => +(e.data.heldAt as string).slice(0, 4))),
  ];
  const wanted = new Set(sourceKeysOfRule(standard.id, indicator.id, rule, years));
  const counted: FactLogEntry[] = [];
  const notCounted: (ExplainedEntry & { reason: string })[] = [];
  const skip = (e: FactLogEntry, reason: string) => notCounted.push({ ...shown(e), reason });
  const inView: FactLogEntry[] = [];
  for (const e of entries) {
    if (!sourceKeysOfEvent(asFactEvent(e)).some((k) => wanted.has(k))) continue;
    if (known.knownBy !== undefined && e.recordedAt > known.knownBy)
      skip(e, `recorded ${new Date(e.recordedAt).toISOString()}, after knownAt: not known then`);
    else if (known.occurredBy !== undefined && e.occurredOn > known.occurredBy)
      skip(e, `occurred ${e.occurredOn}, after asOf ${known.occurredBy}`);
    else inView.push(e);
  }
  const own = (e: FactLogEntry) => e.type === 'IndicatorDeclaredNotApplicable';
  counted.push(...inView.filter(own));
  const facts = inView.filter((e) => !own(e));
  const window =
    'within' in rule && rule.within !== undefined
      ? windowOn(standard, rule.within, day)
      : rule.kind === 'survey_rate_threshold'
        ? windowOn(standard, 'cycle', day)
        : undefined;
  const label = window
    ? window.years.length === 1
      ? `${window.years[0]}`
      : `${window.years[0]}–${window.years[window.years.length - 1]}`
    : '';
  switch (rule.kind) {
    case 'event_count_min':
      for (const e of facts) {
        const year = +(e.data.heldAt as string).slice(0, 4);
        if (window!.years.includes(year)) counted.push(e);
        else skip(e, `held in ${year}: the rule counts ${label} (held in ${year}, outside the window)`);
      }
      break;
    case 'survey_rate_threshold':
    case 'inspector_scored': {
      const dayField = rule.kind === 'survey_rate_threshold' ? 'conductedOn' : 'scoredOn';
      if (rule.kind === 'inspector_scored' && rule.aggregate === 'mean') {
        for (const e of facts) {
          const year = +(e.data.scoredOn as string).slice(0, 4);
          if (window!.years.includes(year)) counted.push(e);
          else skip(e, `scored in ${year}: the mean is over ${label}`);
        }
        break;
      }
      // The latest stands (an older one recorded late does not replace it), as the fold keeps it.
      const standing = latest(facts, (e) => e.data[dayField] as string);
      for (const e of facts) {
        const on = e.data[dayField] as string;
        if (e !== standing)
          skip(e, `superseded by the one of ${standing!.data[dayField]} (position ${standing!.position})`);
        else if (on > day) skip(e, `dated ${on}, after ${day}`);
        else if (on < window!.start) skip(e, `dated ${on}, before the window from ${window!.start}`);
        else counted.push(e);
      }
      break;
    }
    case 'presence':
    case 'ratio_target': {
      // Per facility (or quantity), the last record stands; the volunteer register counts every entry.
      const keyOf = (e: FactLogEntry) =>
        sourceKeysOfEvent(asFactEvent(e))
          .filter((k) => wanted.has(k))
          .join();
      const last = new Map<string, FactLogEntry>();
      for (const e of facts) if (!e.type.startsWith('Volunteer')) last.set(keyOf(e), e);
      for (const e of facts) {
        const standing = last.get(keyOf(e));
        const on = e.data.recordedOn as string | undefined;
        if (standing && standing !== e) skip(e, `superseded by the record at position ${standing.position}`);
        else if (on && on > day) skip(e, `recorded ${on}, after ${day}`);
        else if (on && window && on < window.start) skip(e, `recorded ${on}, before the window from ${window.start}`);
        else counted.push(e);
      }
      break;
    }
    case 'no_incident':
      for (const e of facts) {
        const on = e.data.occurredOn as string | undefined;
        if (on && (on < window!.start || on > day))
          skip(e, `occurred ${on}, outside the window ${window!.start}–${day}`);
        else counted.push(e);
      }
      break;
    case 'deduction_per_problem':
      counted.push(...facts); // every open, overdue and verified record moves the counts
      break;
  }
  counted.sort((a, b) => a.position - b.position);
  notCounted.sort((a, b) => a.position - b.position);
  return { counted: counted.map(shown), notCounted };
}

function latest(entries: readonly FactLogEntry[], dayOf: (e: FactLogEntry) => string): FactLogEntry | undefined {
  let best: FactLogEntry | undefined;
  for (const e of entries) if (!best || dayOf(best) <= dayOf(e)) best = e;
  return best;
}

const shown = (e: FactLogEntry): ExplainedEntry => ({
  position: e.position,
  type: e.type,
  recordedOn: e.recordedOn,
  recordedAt: new Date(e.recordedAt).toISOString(),
  occurredOn: e.occurredOn || null,
  data: e.data,
});
