import { COMMUNITY_ATTRIBUTES } from '../catalogs';
import type { CommunityFacts } from '../facts';
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

/** Share of the points earned: 1 at the threshold, linear from partialFrom, else 0. */
export function fraction(value: number, threshold: number, strict: boolean | undefined, partialFrom: number | undefined): number {
  if (strict ? value > threshold + EPS : value >= threshold - EPS) return 1;
  if (partialFrom === undefined || value <= partialFrom) return 0;
  return Math.min(1, (value - partialFrom) / (threshold - partialFrom));
}

export function grade(r: IndicatorScore, share: number): void {
  r.points = round2(r.maxPoints * share);
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
