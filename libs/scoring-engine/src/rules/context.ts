import { COMMUNITY_ATTRIBUTES, INCIDENT_KINDS } from '../catalogs';
import type { CommunityFacts, Incident } from '../facts';
import type { IndicatorScore } from '../scorecard';
import type { Indicator, IsoDay, Rule, Threshold, Window } from '../types';

/** The evaluation day and, per window of the standard, where it starts: computed once per day. */
export interface At {
  day: IsoDay;
  year: number;
  /** First day inside window i. */
  starts: IsoDay[];
  /** Calendar years that window i covers, for the per-year counters. */
  years: number[][];
}

/** Writes points, status and cause into a prepared IndicatorScore. */
export type Scorer = (r: IndicatorScore, f: CommunityFacts, at: At) => void;

export interface CompileEnv {
  standardId: string;
  /** Index of the window in At.starts / At.years. */
  window(w: Window): number;
}

export type RuleCompiler<R extends Rule> = (rule: R, indicator: Indicator, env: CompileEnv) => Scorer;

const EPS = 1e-9;
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** The largest share short of the whole: what a strict threshold earns when the value only equals it. */
const SHORT = 1 - 1e-6;

/**
 * Share of the points earned: 1 once the threshold is reached (exceeded, when strict), linear from
 * partialFrom up to it, else 0. Equal to a strict threshold (大于35%, 35.0% on the dot) is not
 * reached: the linear branch would give 1 there, so it is held short of the whole.
 */
export function fraction(
  value: number,
  threshold: number,
  strict: boolean | undefined,
  partialFrom: number | undefined,
): number {
  if (strict ? value > threshold + EPS : value >= threshold - EPS) return 1;
  if (partialFrom === undefined || value <= partialFrom) return 0;
  return Math.min(SHORT, (value - partialFrom) / (threshold - partialFrom));
}

/**
 * Points and status from the share. Short of the whole, the points stay short of the maximum too
 * (at most maxPoints − 0.01): a partial item never reads as full marks after rounding.
 */
export function grade(r: IndicatorScore, share: number): void {
  r.points = share >= 1 ? r.maxPoints : Math.max(0, Math.min(round2(r.maxPoints * share), round2(r.maxPoints - 0.01)));
  r.status = share >= 1 ? 'met' : r.points > 0 ? 'partial' : 'not_met';
}

export function awaiting(r: IndicatorScore, cause: string): void {
  r.points = 0;
  r.status = 'awaiting_data';
  r.cause = cause;
}

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
export const pctShort = (x: number) => `${round2(x * 100)}%`;
export const below = (strict: boolean | undefined) => (strict ? '≤' : '<');

/**
 * A threshold may depend on an attribute: undefined when the attribute is not recorded, null when
 * the standard sets no threshold for its value.
 */
export function thresholdOf(t: Threshold): (f: CommunityFacts) => number | undefined | null {
  if (typeof t === 'number') return () => t;
  return (f) => {
    const v = f.attributes?.[t.attribute] as string | undefined;
    if (v === undefined) return undefined;
    return t.byValue[v] ?? null;
  };
}

export function attributeCause(t: Threshold, f: CommunityFacts, missing: boolean): string {
  if (typeof t === 'number') return '';
  const a = COMMUNITY_ATTRIBUTES[t.attribute];
  if (missing) return `${a.label}未登记 (attribute ${t.attribute} not recorded)`;
  const v = f.attributes?.[t.attribute] as string;
  return `${a.label}“${(a.values as Record<string, { label: string }>)[v]?.label ?? v}”无此要求 (no threshold for ${t.attribute}=${v})`;
}

export const yearsLabel = (years: number[]) =>
  years.length === 1 ? `${years[0]}年` : `${years[0]}–${years[years.length - 1]}年`;

/** An incident in words, for a no-incident cause and a veto: `2024-09-12 发生重大安全责任事故 (major safety accident, incident-17)`. */
export function incidentCause(x: Incident): string {
  const { label, en } = INCIDENT_KINDS[x.kind];
  const ref = x.ref ? `, ${x.ref}` : '';
  return x.status === 'confirmed'
    ? `${x.date} 发生${label} (${en}${ref})`
    : `${x.date} 报告${label},待核实 (${en}, reported, not confirmed${ref})`;
}
