import { indicatorKey } from '../facts';
import type { IndicatorScore } from '../scorecard';
import type { InspectorScoredRule } from '../types';
import { awaiting, grade, yearsLabel, type RuleCompiler } from './context';

/** Inspectors' points for the indicator: the latest inside the window, or the mean of the window's years. */
export const inspectorScored: RuleCompiler<InspectorScoredRule> = (rule, ind, env) => {
  const w = env.window(rule.within);
  const key = indicatorKey(env.standardId, ind.id);
  const max = ind.maxPoints;
  const set = (r: IndicatorScore, score: number, how: string) => {
    const points = Math.min(max, Math.max(0, score));
    grade(r, points / max);
    if (points < max) r.cause = `测评员评分 ${r.points}/${max} (inspector score, ${how})`;
  };
  if (rule.aggregate === 'latest') {
    return (r, f, at) => {
      const s = f.inspectorScores?.[key];
      if (!s || s.date > at.day || s.date < at.starts[w])
        return awaiting(r, `无测评员评分 (no inspector score since ${at.starts[w]})`);
      set(r, s.latest, s.date);
    };
  }
  return (r, f, at) => {
    const byYear = f.inspectorScores?.[key]?.byYear;
    const years = at.years[w];
    let total = 0;
    let count = 0;
    if (byYear) {
      for (let i = 0; i < years.length; i++) {
        const y = byYear[years[i]];
        if (y) {
          total += y[0];
          count += y[1];
        }
      }
    }
    if (count === 0) return awaiting(r, `无测评员评分 (no inspector score in ${yearsLabel(years)})`);
    set(r, total / count, `mean of ${count}, ${yearsLabel(years)}`);
  };
};
