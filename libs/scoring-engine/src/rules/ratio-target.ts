import { QUANTITIES } from '../catalogs';
import type { RatioTargetRule } from '../types';
import {
  attributeCause,
  awaiting,
  below,
  fraction,
  grade,
  pct,
  pctShort,
  thresholdOf,
  type RuleCompiler,
} from './context';

/** numerator / denominator (two recorded quantities) against a threshold. */
export const ratioTarget: RuleCompiler<RatioTargetRule> = (rule) => {
  const label = `${QUANTITIES[rule.numerator].label}/${QUANTITIES[rule.denominator].label}`;
  const en = `${rule.numerator}/${rule.denominator}`;
  const thresholdFor = thresholdOf(rule.threshold);
  return (r, f) => {
    const n = f.quantities?.[rule.numerator];
    const d = f.quantities?.[rule.denominator];
    if (n === undefined || !d) return awaiting(r, `${label}: 无数据 (${en} not recorded)`);
    const t = thresholdFor(f);
    if (t === undefined) return awaiting(r, attributeCause(rule.threshold, f, true));
    if (t === null) {
      r.status = 'not_applicable';
      r.cause = attributeCause(rule.threshold, f, false);
      return;
    }
    const ratio = n / d;
    const share = fraction(ratio, t, rule.strict, rule.partialFrom);
    grade(r, share);
    if (share < 1) r.cause = `${label} ${pct(ratio)} ${below(rule.strict)} ${pctShort(t)} (${en}: ${n} / ${d})`;
  };
};
