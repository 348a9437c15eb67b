import { ACTIVITY_KINDS, FACILITIES, SURVEY_TOPICS, windowOn, windowStart } from '@chuangwen/scoring-engine';
import type { CommunityFacts, IndicatorScore, Scorecard, Standard, Window } from '@chuangwen/scoring-engine';
import type { OpenProblem } from './problem-ledger';

/**
 * Early warning (预警): a community's card projected to the next evaluation day if nothing more is
 * done — the facts known on `from`, evaluated on `evaluationDay` by the one evaluation (`scoreOf`,
 * passed in as `score`), after the one fold has marked overdue (`markOverdue`) every open problem
 * whose deadline falls before that day. The engine itself then empties the windows: yearly counts of
 * a new year, surveys and inspectors' scores older than the cycle, incidents that leave the veto
 * look-back. Nothing here computes a figure a second way; it reads the two cards and says why.
 */
export interface Projector {
  readonly standard: Standard;
  /** The one evaluation (scoring's scoreOf), for this community. */
  score(facts: CommunityFacts, day: string): Scorecard;
  /** The one fold: the facts after a RectificationOverdue of this problem. Mutates `facts`. */
  markOverdue(facts: CommunityFacts, problem: OpenProblem): CommunityFacts;
}

export interface Reason {
  readonly indicator: string;
  readonly title: string;
  /** window_empties · survey_ages_out · deadline_passes · incident_in_window · short (short now, and still then). */
  readonly kind:
    'window_empties' | 'survey_ages_out' | 'deadline_passes' | 'incident_in_window' | 'score_ages_out' | 'short';
  readonly pointsNow: number;
  readonly pointsThen: number;
  readonly maxPoints: number;
  /** In Chinese, for the office. */
  readonly text: string;
  /** Activities still needed by the evaluation day (event_count_min). */
  readonly needed?: number;
  /** The day a survey or an inspector's score leaves the window. */
  readonly agesOutOn?: string;
  /** Deadlines of open problems falling before the evaluation day. */
  readonly deadlines?: string[];
}

export interface Step {
  readonly indicator: string;
  readonly title: string;
  /** Points on the 100 scale the total gains when the indicator reaches its maximum. */
  readonly gain: number;
  /** How many things must be done: activities to hold, items to record, problems to close, 1 for a survey or an inspection. */
  readonly actions: number;
  readonly text: string;
}

export interface Warning {
  readonly code: string;
  readonly from: string;
  readonly evaluationDay: string;
  readonly standard: { id: string; version: number; title: string; passMark: number };
  readonly now: { total: number; passed: boolean; vetoed: boolean };
  readonly projected: { total: number; passed: boolean; vetoed: boolean; vetoUntil?: string };
  readonly atRisk: boolean;
  readonly reasons: Reason[];
  readonly vetoes: { title: string; cause: string; until: string }[];
  /**
   * The cheapest way to the pass mark: the fewest indicators brought to their maximum (the largest
   * gains first, which is optimal for the count), ties by fewer actions. Empty when projected to
   * pass; `reachable` false when even every gap closed would not do, or a veto stands on the day.
   */
  readonly whatItTakes: { reachable: boolean; steps: Step[]; totalAfter: number | null; note?: string };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The projection of one community (pure). */
export function projectCommunity(
  p: Projector,
  code: string,
  facts: CommunityFacts,
  openProblems: readonly OpenProblem[],
  from: string,
  evaluationDay: string,
): Warning {
  const now = p.score(facts, from);
  const future = structuredClone(facts);
  const passing = openProblems.filter((o) => !o.overdue && o.deadline !== undefined && o.deadline < evaluationDay);
  for (const o of passing) p.markOverdue(future, o);
  const then = p.score(future, evaluationDay);
  const nowById = new Map(now.indicators.map((i) => [i.id, i]));
  const reasons: Reason[] = [];
  for (const gap of then.gaps) {
    const indicator = p.standard.categories.flatMap((c) => c.indicators).find((i) => i.id === gap.id)!;
    reasons.push(reasonFor(p.standard, indicator.rule, gap, nowById.get(gap.id), facts, passing, evaluationDay));
  }
  const vetoes = then.veto.incidents.map((v) => ({ title: v.title, cause: v.cause, until: v.until }));
  const s = p.standard;
  return {
    code,
    from,
    evaluationDay,
    standard: { id: s.id, version: s.version, title: s.title, passMark: s.passMark },
    now: { total: now.total, passed: now.passed, vetoed: now.veto.vetoed },
    projected: {
      total: then.total,
      passed: then.passed,
      vetoed: then.veto.vetoed,
      ...(then.veto.until ? { vetoUntil: then.veto.until } : {}),
    },
    atRisk: !then.passed,
    reasons,
    vetoes,
    whatItTakes: whatItTakes(then, reasons, facts, evaluationDay, s),
  };
}

function reasonFor(
  standard: Standard,
  rule: Standard['categories'][number]['indicators'][number]['rule'],
  gap: IndicatorScore,
  before: IndicatorScore | undefined,
  facts: CommunityFacts,
  passing: readonly OpenProblem[],
  day: string,
): Reason {
  const base = {
    indicator: gap.id,
    title: gap.title,
    pointsNow: before?.points ?? 0,
    pointsThen: gap.points,
    maxPoints: gap.maxPoints,
  };
  const dropped = (before?.points ?? 0) > gap.points;
  switch (rule.kind) {
    case 'event_count_min': {
      const needed = Math.max(0, rule.min - heldIn(standard, rule.within, rule.activityKinds, rule.scale, facts, day));
      const kinds = rule.activityKinds.map((k) => ACTIVITY_KINDS[k].label).join('、');
      return {
        ...base,
        kind: dropped ? 'window_empties' : 'short',
        needed,
        text: `${day} 前还需开展${rule.scale === 'large' ? '较大规模' : ''}${kinds} ${needed} 次（要求 ${rule.min} 次，计 ${windowLabel(rule.within)}）`,
      };
    }
    case 'survey_rate_threshold': {
      const survey = facts.surveys?.[rule.topic];
      const start = startOf(standard, rule.within ?? 'cycle', day);
      const topic = SURVEY_TOPICS[rule.topic].label;
      if (survey && survey.date < start) {
        return {
          ...base,
          kind: 'survey_ages_out',
          agesOutOn: start,
          text: `${topic}调查（${survey.date}）到 ${day} 已超出测评周期，需重新调查（样本不少于 ${rule.minSample}）`,
        };
      }
      return {
        ...base,
        kind: 'short',
        text: survey
          ? `${topic} ${pct(survey.positive / survey.sample)}（样本 ${survey.sample}），未达 ${threshold(rule.threshold)}`
          : `尚无${topic}调查（样本不少于 ${rule.minSample}）`,
      };
    }
    case 'deduction_per_problem': {
      const deadlines = passing
        .filter((o) => rule.categories.includes(o.category as never))
        .map((o) => o.deadline!)
        .sort();
      const open = rule.categories.reduce((n, c) => n + (facts.problems?.[c]?.open ?? 0), 0);
      if (deadlines.length)
        return {
          ...base,
          kind: 'deadline_passes',
          deadlines,
          text: `${open} 个问题未整改，其中 ${deadlines.length} 个整改期限（${deadlines.join('、')}）在 ${day} 之前，届时逾期加扣`,
        };
      return { ...base, kind: 'short', text: `${open} 个问题未整改` };
    }
    case 'no_incident':
      return { ...base, kind: 'incident_in_window', text: gap.cause ?? '测评期内发生事件' };
    case 'inspector_scored': {
      const scored = facts.inspectorScores?.[`${standard.id}/${gap.id}`];
      const start = startOf(standard, rule.within, day);
      if (scored && scored.date < start)
        return {
          ...base,
          kind: 'score_ages_out',
          agesOutOn: start,
          text: `测评员评分（${scored.date}）到 ${day} 已超出测评周期，需重新实地考察`,
        };
      return { ...base, kind: 'short', text: gap.cause ?? '测评员评分未满分' };
    }
    default:
      return { ...base, kind: dropped ? 'window_empties' : 'short', text: gap.cause ?? '未达标' };
  }
}

function whatItTakes(
  card: Scorecard,
  reasons: readonly Reason[],
  facts: CommunityFacts,
  day: string,
  standard: Standard,
): Warning['whatItTakes'] {
  if (card.passed) return { reachable: true, steps: [], totalAfter: card.total };
  if (card.veto.vetoed)
    return {
      reachable: false,
      steps: [],
      totalAfter: null,
      note: `一票否决至 ${card.veto.until}（不含当日）前仍有效，补齐指标也不能达标`,
    };
  const byId = new Map(reasons.map((r) => [r.indicator, r]));
  const candidates = card.gaps
    .filter((g) => g.status !== 'not_applicable' && byId.get(g.id)?.kind !== 'incident_in_window')
    .map((g) => ({
      g,
      gain: ((g.maxPoints - g.points) / card.applicableMax) * 100,
      actions: actionsFor(standard, g, byId.get(g.id), facts, day),
    }))
    .sort((a, b) => b.gain - a.gain || a.actions - b.actions || a.g.id.localeCompare(b.g.id));
  const steps: Step[] = [];
  let raw = card.raw;
  for (const c of candidates) {
    if (round2((raw / card.applicableMax) * 100) >= card.passMark) break;
    raw += c.g.maxPoints - c.g.points;
    steps.push({
      indicator: c.g.id,
      title: c.g.title,
      gain: round2(c.gain),
      actions: c.actions,
      text: byId.get(c.g.id)?.text ?? c.g.cause ?? '',
    });
  }
  const totalAfter = round2((raw / card.applicableMax) * 100);
  return totalAfter >= card.passMark
    ? { reachable: true, steps, totalAfter }
    : {
        reachable: false,
        steps,
        totalAfter,
        note: `即使补齐全部可补的指标，总分 ${totalAfter} 仍低于达标线 ${card.passMark}`,
      };
}

/** The count of things to do for an indicator to reach its maximum (the "cost" of a step). */
function actionsFor(
  standard: Standard,
  g: IndicatorScore,
  reason: Reason | undefined,
  facts: CommunityFacts,
  day: string,
): number {
  const rule = standard.categories.flatMap((c) => c.indicators).find((i) => i.id === g.id)!.rule;
  switch (rule.kind) {
    case 'event_count_min':
      return reason?.needed ?? rule.min;
    case 'presence': {
      const start = rule.within ? startOf(standard, rule.within, day) : '';
      return (
        rule.items.filter((i) => !(facts.facilities?.[i.facility] && facts.facilities[i.facility]! >= start)).length ||
        1
      );
    }
    case 'deduction_per_problem':
      return rule.categories.reduce((n, c) => n + (facts.problems?.[c]?.open ?? 0), 0) || 1;
    default:
      return 1;
  }
}

/** Activities of the kinds (and scale) held in the window's calendar years on `day`, from the yearly counters. */
function heldIn(
  standard: Standard,
  within: Window,
  kinds: readonly string[],
  scale: string | undefined,
  facts: CommunityFacts,
  day: string,
): number {
  const { years } = windowOn(standard, within, day);
  let n = 0;
  for (const [key, count] of Object.entries(facts.activities ?? {})) {
    const [kind, s, year] = key.split('|');
    if (kinds.includes(kind) && (!scale || s === scale) && years.includes(+year)) n += count;
  }
  return n;
}

/** A window's first day on `day`, exactly as the engine reads it. */
function startOf(standard: Standard, w: Window, day: string): string {
  try {
    return windowOn(standard, w, day).start;
  } catch {
    return windowStart(day, w === 'cycle' || w === 'calendar_year' ? standard.cycle : w);
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const threshold = (t: number | { byValue: Record<string, number> }) =>
  typeof t === 'number' ? pct(t) : Object.values(t.byValue).map(pct).join('/');
const windowLabel = (w: Window) => (w === 'calendar_year' ? '当年' : w === 'cycle' ? '测评周期内' : '期内');

/** Facility labels, for the awards office's and the community's reading. */
export const facilityLabel = (id: string) => (FACILITIES as Record<string, { label: string }>)[id]?.label ?? id;
