import { evolveFacts, scoreOf } from '@chuangwen/scoring';
import { authorityChain, loadShippedStandards, standardInForce } from '@chuangwen/scoring-engine';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import { strongCommunity } from '../../../../libs/scoring-engine/src/spec/communities';
import { projectCommunity, Projector } from './early-warning';
import type { OpenProblem } from './problem-ledger';

// A community of 城关区 (兰州), scored under the shipped 甘肃 standard (version 1 in 2025: pass mark 90,
// 100 points, a two-year cycle, vetoes looking back two years).
const CODE = '620102001001';
const FROM = '2025-06-30';
const EVALUATION_DAY = '2025-12-31';
const standard = standardInForce(loadShippedStandards(), authorityChain(CODE), EVALUATION_DAY)!;
const projector: Projector = {
  standard,
  score: (facts, day) => scoreOf(standard, CODE, facts, day).card,
  markOverdue: (facts, p) =>
    evolveFacts(facts, {
      type: 'RectificationOverdue',
      version: 1,
      data: { problemId: p.problemId, communityCode: CODE, category: p.category, deadline: p.deadline! },
    }),
};

/**
 * The strong scripted community (every 甘肃 indicator at its maximum on 30 June 2025, one open
 * sanitation problem costing g4.2 one point; inspectors' g4.1 set to 6 each time), changed in three ways:
 * - g3.1 普法宣传和安全教育: only 2 of the 4 activities a year held (1 legal education, 1 safety publicity);
 * - g2.2 社区服务满意率: its survey (188/200 = 94%) dated 2023-12-01;
 * - the open sanitation problem has a notice with deadline 2025-07-15.
 */
function scripted(): CommunityFacts {
  const f = strongCommunity();
  f.activities = { ...f.activities, 'legal_education|ordinary|2025': 1, 'safety_publicity|ordinary|2025': 1 };
  f.surveys = { ...f.surveys, satisfaction_services: { sample: 200, positive: 188, date: '2023-12-01' } };
  // g4.1 (mean of the cycle's inspectors' scores) at its maximum: 6 in 2024 (twice) and 2025.
  f.inspectorScores!['gansu-civilized-community/g4.1'] = {
    latest: 6,
    date: '2025-04-01',
    byYear: { 2024: [12, 2], 2025: [6, 1] },
  };
  return f;
}
const open: OpenProblem[] = [
  {
    problemId: 'p-1',
    community: CODE,
    category: 'sanitation_dead_corner',
    foundOn: '2025-03-01',
    deadline: '2025-07-15',
    overdue: false,
  },
];

describe('early warning: a scripted community projected to 31 December 2025', () => {
  const w = projectCommunity(projector, CODE, scripted(), open, FROM, EVALUATION_DAY);

  it('projects the total by hand', () => {
    // 30 June 2025 (now): 100 points apply. Lost: g3.1 2 of 4 activities → 4 × 2/4 = 2 points (loses 2);
    // g4.2 one open problem → 8 − 1 = 7 (loses 1). The survey of 2023-12-01 is inside the two-year
    // window (from 2023-07-01). Total = 100 − 2 − 1 = 97 ≥ 90: passing.
    expect(w.now).toEqual({ total: 97, passed: true, vetoed: false });
    // 31 December 2025: the cycle window starts 2024-01-01, so the survey ages out (g2.2 awaiting
    // data, 0 of 5: loses 5); the deadline 2025-07-15 has passed, so the problem is overdue too
    // (g4.2: 8 − 1 open − 1 overdue = 6, loses 2); g3.1 still 2 of 4 (loses 2).
    // Total = 100 − 5 − 2 − 2 = 91 ≥ 90: still passing, just.
    expect(w.projected).toEqual({ total: 91, passed: true, vetoed: false });
    expect(w.atRisk).toBe(false);
  });

  it('fails once one more activity indicator slips, and says why and what it takes', () => {
    // Also g3.1's neighbour g4.4 绿色社区: 2 environment clean-ups a year wanted, 0 held → 0 of 2.
    const f = scripted();
    delete f.activities!['environment_cleanup|ordinary|2025'];
    const risk = projectCommunity(projector, CODE, f, open, FROM, EVALUATION_DAY);
    // Now: 97 − 2 = 95 (passing); on the day: 91 − 2 = 89 < 90: projected to fail.
    expect(risk.now.total).toBe(95);
    expect(risk.projected).toEqual({ total: 89, passed: false, vetoed: false });
    expect(risk.atRisk).toBe(true);
    const byId = Object.fromEntries(risk.reasons.map((r) => [r.indicator, r]));
    expect(byId['g2.2']).toMatchObject({
      kind: 'survey_ages_out',
      agesOutOn: '2024-01-01',
      pointsNow: 5,
      pointsThen: 0,
    });
    expect(byId['g4.2']).toMatchObject({
      kind: 'deadline_passes',
      deadlines: ['2025-07-15'],
      pointsNow: 7,
      pointsThen: 6,
    });
    expect(byId['g3.1']).toMatchObject({ kind: 'short', needed: 2, pointsThen: 2 });
    expect(byId['g4.4']).toMatchObject({ kind: 'short', needed: 2, pointsThen: 0 });
    // What it takes: 1 point short. Gains: g2.2 +5 (one survey), g3.1 +2 (2 activities), g4.2 +2
    // (1 problem), g4.4 +2 (2 activities). The fewest indicators: one, the largest gain, g2.2 → 94.
    expect(risk.whatItTakes).toEqual({
      reachable: true,
      totalAfter: 94,
      steps: [expect.objectContaining({ indicator: 'g2.2', gain: 5, actions: 1 })],
    });
  });

  it('a veto in the look-back window on the day cannot be made good by indicators', () => {
    const f = scripted();
    // Confirmed on 2024-09-12: the two-year look-back on 2025-12-31 starts 2024-01-01, so it still vetoes (until 2026-09-12).
    f.incidents = [{ kind: 'major_safety_accident', status: 'confirmed', date: '2024-09-12', ref: 'incident-17' }];
    const vetoed = projectCommunity(projector, CODE, f, open, FROM, EVALUATION_DAY);
    expect(vetoed.projected).toMatchObject({ total: 91, passed: false, vetoed: true, vetoUntil: '2026-09-12' });
    expect(vetoed.vetoes).toEqual([expect.objectContaining({ until: '2026-09-12' })]);
    expect(vetoed.whatItTakes.reachable).toBe(false);
  });

  it('an incident that leaves the veto window before the day no longer vetoes then', () => {
    const f = scripted();
    // 2023-08-01: inside the window on 30 June 2025 (from 2023-07-01), outside on 31 December (from 2024-01-01).
    f.incidents = [{ kind: 'major_safety_accident', status: 'confirmed', date: '2023-08-01', ref: 'incident-9' }];
    const w2 = projectCommunity(projector, CODE, f, open, FROM, EVALUATION_DAY);
    expect(w2.now).toMatchObject({ vetoed: true, passed: false });
    expect(w2.projected).toMatchObject({ vetoed: false, passed: true, total: 91 });
  });
});
