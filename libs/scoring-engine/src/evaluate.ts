import { atFor, compiled } from './compile';
import type { CommunityFacts } from './facts';
import { round2 } from './rules/context';
import type { CategoryScore, IndicatorScore, Scorecard } from './scorecard';
import type { Standard } from './types';
import { evaluateVetoes } from './veto';

/**
 * Scores a community under a standard as of a day (a Date is read in China time). Pure: the same
 * standard, facts and day give the same scorecard. The standard is expected to be valid
 * (validateStandard); it is compiled once and cached by object identity, so do not mutate it.
 */
export function evaluate(standard: Standard, facts: CommunityFacts, asOf: Date | string): Scorecard {
  const c = compiled(standard);
  const at = atFor(c, asOf);
  const n = c.indicators.length;
  const indicators: IndicatorScore[] = new Array(n);
  const categories: CategoryScore[] = standard.categories.map((cat) => ({
    id: cat.id,
    title: cat.title,
    points: 0,
    maxPoints: 0,
    applicableMax: 0,
  }));
  const gaps: IndicatorScore[] = [];
  let awaitingData = 0;
  for (let i = 0; i < n; i++) {
    const ci = c.indicators[i];
    const d = ci.def;
    const r: IndicatorScore = {
      id: d.id,
      categoryId: ci.categoryId,
      title: d.title,
      method: d.method,
      points: 0,
      maxPoints: d.maxPoints,
      status: 'met',
      met: false,
      cause: undefined,
    };
    if (!ci.applies(r, facts)) ci.score(r, facts, at);
    r.met = r.status === 'met';
    indicators[i] = r;
    const cat = categories[ci.categoryIndex];
    cat.maxPoints += d.maxPoints;
    if (r.status === 'not_applicable') continue;
    cat.points += r.points;
    cat.applicableMax += d.maxPoints;
    if (r.status !== 'met') {
      gaps.push(r);
      if (r.status === 'awaiting_data') awaitingData++;
    }
  }
  let raw = 0;
  let applicableMax = 0;
  for (const cat of categories) {
    cat.points = round2(cat.points);
    raw += cat.points;
    applicableMax += cat.applicableMax;
  }
  raw = round2(raw);
  applicableMax = round2(applicableMax);
  const total = applicableMax > 0 ? round2((raw / applicableMax) * 100) : 0;
  const veto = evaluateVetoes(c.vetoes, facts, at);
  return {
    standard: c.header,
    asOf: at.day,
    indicators,
    categories,
    raw,
    applicableMax,
    total,
    passMark: standard.passMark,
    veto,
    passed: !veto.vetoed && applicableMax > 0 && total >= standard.passMark,
    awaitingData,
    gaps,
  };
}
