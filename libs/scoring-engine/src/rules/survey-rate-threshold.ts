import { SURVEY_TOPICS } from '../catalogs';
import type { SurveyRateThresholdRule } from '../types';
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

/** A surveyed rate (positives / sample of the latest survey inside the window) against a threshold. */
export const surveyRateThreshold: RuleCompiler<SurveyRateThresholdRule> = (rule, _ind, env) => {
  const w = env.window(rule.within ?? 'cycle');
  const { label, en } = SURVEY_TOPICS[rule.topic];
  const thresholdFor = thresholdOf(rule.threshold);
  return (r, f, at) => {
    const s = f.surveys?.[rule.topic];
    if (!s || s.date > at.day) return awaiting(r, `${label}: 无调查数据 (no ${en} survey)`);
    if (s.date < at.starts[w])
      return awaiting(r, `${label}: 调查 ${s.date} 已过期 (${en} survey older than ${at.starts[w]})`);
    if (s.sample < rule.minSample) {
      return awaiting(r, `${label}: 样本 ${s.sample} < ${rule.minSample} (${en}: sample too small, survey ${s.date})`);
    }
    const t = thresholdFor(f);
    if (t === undefined) return awaiting(r, attributeCause(rule.threshold, f, true));
    if (t === null) {
      r.status = 'not_applicable';
      r.cause = attributeCause(rule.threshold, f, false);
      return;
    }
    const rate = s.positive / s.sample;
    const share = fraction(rate, t, rule.strict, rule.partialFrom);
    grade(r, share);
    if (share < 1)
      r.cause = `${label} ${pct(rate)} ${below(rule.strict)} ${pctShort(t)} (${en}; sample ${s.sample}, survey ${s.date})`;
  };
};
