import { ACTIVITY_KINDS } from '../catalogs';
import { activityKey } from '../facts';
import type { ActivityScale } from '../catalogs';
import type { EventCountMinRule } from '../types';
import { fraction, grade, yearsLabel, type RuleCompiler } from './context';

const SCALES: ActivityScale[] = ['ordinary', 'large'];

/** Activities of the given kinds (and scale) held in the window's calendar years, at least `min`. */
export const eventCountMin: RuleCompiler<EventCountMinRule> = (rule, _ind, env) => {
  const w = env.window(rule.within);
  const scales = rule.scale ? [rule.scale] : SCALES;
  const what =
    rule.activityKinds.map((k) => ACTIVITY_KINDS[k].label).join('、') + (rule.scale === 'large' ? '(较大规模)' : '');
  const whatEn = rule.activityKinds.join('+') + (rule.scale ? `, ${rule.scale}` : '');
  // Counter keys per year, built once per year instead of on every evaluation.
  const keysByYear = new Map<number, string[]>();
  const keysOf = (year: number) => {
    let keys = keysByYear.get(year);
    if (!keys) {
      keys = rule.activityKinds.flatMap((k) => scales.map((s) => activityKey(k, s, year)));
      keysByYear.set(year, keys);
    }
    return keys;
  };
  return (r, f, at) => {
    const years = at.years[w];
    let count = 0;
    const counts = f.activities;
    if (counts) {
      for (let y = 0; y < years.length; y++) {
        const keys = keysOf(years[y]);
        for (let i = 0; i < keys.length; i++) count += counts[keys[i]] ?? 0;
      }
    }
    const share = fraction(count, rule.min, false, rule.partialFrom);
    grade(r, share);
    if (share < 1)
      r.cause = `${what} ${count} 次 < ${rule.min} 次 (${yearsLabel(years)}; ${whatEn}: ${count} < ${rule.min})`;
  };
};
