import type { CommunityFacts } from '../facts';
import { indicator, scoring, standardOf } from './given';

const DAY = '2025-06-30';

describe('rule survey_rate_threshold', () => {
  const std = standardOf([
    indicator('awareness', {
      kind: 'survey_rate_threshold',
      topic: 'awareness',
      threshold: 0.95,
      partialFrom: 0.85,
      minSample: 50,
    }),
  ]);
  const survey = (positive: number, sample = 200, date = '2025-03-02'): CommunityFacts => ({
    surveys: { awareness: { sample, positive, date } },
  });

  it('is met at the threshold', () => {
    scoring(std)
      .given(survey(190))
      .whenEvaluatedAt(DAY)
      .thenIndicator('awareness', { status: 'met', points: 10, cause: undefined });
  });

  it('earns linear partial points between partialFrom and the threshold, and says why', () => {
    scoring(std).given(survey(182)).whenEvaluatedAt(DAY).thenIndicator('awareness', {
      status: 'partial',
      points: 6,
      cause: '创建工作知晓率 91.0% < 95% (awareness of the creation work; sample 200, survey 2025-03-02)',
    });
  });

  it('is not met at or below partialFrom', () => {
    scoring(std).given(survey(170)).whenEvaluatedAt(DAY).thenIndicator('awareness', { status: 'not_met', points: 0 });
  });

  it('awaits data when there is no survey, the sample is too small, or the survey is older than the cycle', () => {
    scoring(std).given({}).whenEvaluatedAt(DAY).thenIndicator('awareness', {
      status: 'awaiting_data',
      points: 0,
      cause: '创建工作知晓率: 无调查数据 (no awareness of the creation work survey)',
    });
    const small = scoring(std)
      .given(survey(30, 30))
      .whenEvaluatedAt(DAY)
      .thenIndicator('awareness', { status: 'awaiting_data' });
    expect(small.cause).toContain('样本 30 < 50');
    const old = scoring(std)
      .given(survey(200, 200, '2023-06-30'))
      .whenEvaluatedAt(DAY)
      .thenIndicator('awareness', { status: 'awaiting_data' });
    expect(old.cause).toContain('older than 2023-07-01');
    scoring(std)
      .given(survey(200, 200, '2023-07-01'))
      .whenEvaluatedAt(DAY)
      .thenIndicator('awareness', { status: 'met' });
  });

  it('ignores a survey dated after the evaluation day', () => {
    scoring(std)
      .given(survey(200, 200, '2025-07-01'))
      .whenEvaluatedAt(DAY)
      .thenIndicator('awareness', { status: 'awaiting_data' });
  });

  it('a strict threshold (大于) is not met at equality, only above it: partial with partial credit, short of the maximum', () => {
    const above = standardOf([
      indicator('sec', {
        kind: 'survey_rate_threshold',
        topic: 'satisfaction_security',
        threshold: 0.9,
        partialFrom: 0.8,
        strict: true,
        minSample: 50,
      }),
    ]);
    const facts = (positive: number): CommunityFacts => ({
      surveys: { satisfaction_security: { sample: 200, positive, date: '2025-03-02' } },
    });
    scoring(above).given(facts(180)).whenEvaluatedAt(DAY).thenIndicator('sec', {
      status: 'partial',
      met: false,
      points: 9.99,
      cause: '治安环境满意率 90.0% ≤ 90% (satisfaction with public security; sample 200, survey 2025-03-02)',
    });
    scoring(above)
      .given(facts(181))
      .whenEvaluatedAt(DAY)
      .thenIndicator('sec', { status: 'met', met: true, points: 10, cause: undefined });
  });

  it('takes a sample of exactly minSample (at least, not more than)', () => {
    scoring(std).given(survey(48, 50)).whenEvaluatedAt(DAY).thenIndicator('awareness', { status: 'met', points: 10 });
    scoring(std).given(survey(49, 49)).whenEvaluatedAt(DAY).thenIndicator('awareness', { status: 'awaiting_data' });
  });

  it('a rate a hair below the threshold stays partial and short of the maximum after rounding', () => {
    scoring(std)
      .given(survey(18_999, 20_000))
      .whenEvaluatedAt(DAY)
      .thenIndicator('awareness', { status: 'partial', met: false, points: 9.99 });
  });

  it('without partialFrom is all or nothing; a 100% threshold needs every positive', () => {
    const all = standardOf([
      indicator('reg', {
        kind: 'survey_rate_threshold',
        topic: 'temp_resident_registration',
        threshold: 1,
        minSample: 10,
      }),
    ]);
    const facts = (positive: number): CommunityFacts => ({
      surveys: { temp_resident_registration: { sample: 40, positive, date: '2025-05-01' } },
    });
    scoring(all).given(facts(40)).whenEvaluatedAt(DAY).thenIndicator('reg', { status: 'met' });
    scoring(all).given(facts(39)).whenEvaluatedAt(DAY).thenIndicator('reg', {
      status: 'not_met',
      cause: '暂住人口登记发证率 97.5% < 100% (temporary residents registered; sample 40, survey 2025-05-01)',
    });
  });
});

describe('rule event_count_min', () => {
  const std = standardOf([
    indicator('large', {
      kind: 'event_count_min',
      activityKinds: ['culture_sports', 'science_popularization'],
      scale: 'large',
      min: 4,
      within: 'calendar_year',
      partialFrom: 0,
    }),
    indicator('cycle', { kind: 'event_count_min', activityKinds: ['selection'], min: 2, within: 'cycle' }),
  ]);

  it('is met when the kinds and scale add up to the minimum in the calendar year', () => {
    scoring(std)
      .given({ activities: { 'culture_sports|large|2025': 3, 'science_popularization|large|2025': 1 } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('large', { status: 'met', points: 10 });
  });

  it('counts neither other scales nor other years, and is partial below the minimum', () => {
    scoring(std)
      .given({
        activities: {
          'culture_sports|large|2025': 2,
          'culture_sports|ordinary|2025': 9,
          'culture_sports|large|2024': 5,
        },
      })
      .whenEvaluatedAt(DAY)
      .thenIndicator('large', {
        status: 'partial',
        points: 5,
        cause: '文体活动、科普活动(较大规模) 2 次 < 4 次 (2025年; culture_sports+science_popularization, large: 2 < 4)',
      });
  });

  it('is not met with nothing held; a cycle window counts its calendar years, both scales', () => {
    scoring(std).given({}).whenEvaluatedAt(DAY).thenIndicator('large', { status: 'not_met', points: 0 });
    scoring(std)
      .given({ activities: { 'selection|ordinary|2024': 1, 'selection|large|2025': 1 } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('cycle', { status: 'met' });
    scoring(std)
      .given({ activities: { 'selection|ordinary|2023': 1, 'selection|large|2025': 1 } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('cycle', { status: 'not_met', cause: '评选活动 1 次 < 2 次 (2024–2025年; selection: 1 < 2)' });
  });
});

describe('rule presence', () => {
  const std = standardOf([
    indicator('fac', {
      kind: 'presence',
      items: [
        { facility: 'police_room', points: 6 },
        { facility: 'fire_plan', points: 4 },
      ],
    }),
    indicator('doc', { kind: 'presence', items: [{ facility: 'creation_archive', points: 10 }], within: 'cycle' }),
  ]);

  it('is met with every item present', () => {
    scoring(std)
      .given({ facilities: { police_room: '2010-05-01', fire_plan: '2024-01-01' } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('fac', { status: 'met', points: 10 });
  });

  it('earns the points of the items present and names the missing ones', () => {
    scoring(std)
      .given({ facilities: { police_room: '2010-05-01' } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('fac', { status: 'partial', points: 6, cause: '缺少消防平面图 (missing: fire_plan)' });
  });

  it('is not met with none present, nor with one recorded after the day', () => {
    scoring(std)
      .given({ facilities: { police_room: '2025-07-01' } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('fac', { status: 'not_met', points: 0 });
  });

  it('with a window, counts only records verified inside it', () => {
    scoring(std)
      .given({ facilities: { creation_archive: '2024-01-01' } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('doc', { status: 'met' });
    scoring(std)
      .given({ facilities: { creation_archive: '2022-12-31' } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('doc', {
        status: 'not_met',
        cause: '创建档案(专人管理)记录早于2023-07-01 (not verified since 2023-07-01)',
      });
  });
});

describe('rule deduction_per_problem', () => {
  const std = standardOf([
    indicator(
      'tidy',
      {
        kind: 'deduction_per_problem',
        categories: ['sanitation_dead_corner', 'illegal_posting'],
        perOpen: 1,
        perOverdue: 1,
      },
      { maxPoints: 8 },
    ),
  ]);

  it('keeps the maximum without open problems (other categories do not count)', () => {
    scoring(std)
      .given({ problems: { street_occupation: { open: 5, overdue: 5 } } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('tidy', { status: 'met', points: 8 });
  });

  it('deducts per open problem and again per overdue one', () => {
    scoring(std)
      .given({
        problems: { sanitation_dead_corner: { open: 2, overdue: 1 }, illegal_posting: { open: 0, overdue: 0 } },
      })
      .whenEvaluatedAt(DAY)
      .thenIndicator('tidy', {
        status: 'partial',
        points: 5,
        cause: '未整改问题 2 个(卫生死角2), 其中逾期 1 个: −3 分 (2 open, 1 overdue)',
      });
  });

  it('never goes below zero', () => {
    scoring(std)
      .given({ problems: { illegal_posting: { open: 6, overdue: 4 } } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('tidy', { status: 'not_met', points: 0 });
  });
});

describe('rule ratio_target', () => {
  const std = standardOf([
    indicator('vol', {
      kind: 'ratio_target',
      numerator: 'volunteers_registered',
      denominator: 'residents',
      threshold: 0.1,
      partialFrom: 0,
    }),
    indicator(
      'green',
      {
        kind: 'ratio_target',
        numerator: 'green_area_m2',
        denominator: 'site_area_m2',
        threshold: { attribute: 'estate', byValue: { new: 0.35, old_renewal: 0.3 } },
        strict: true,
      },
      { applicability: { attribute: 'estate', in: ['new', 'old_renewal'] } },
    ),
  ]);
  const green = (estate: 'new' | 'old_renewal' | 'old' | undefined, area: number): CommunityFacts => ({
    quantities: { green_area_m2: area, site_area_m2: 1000 },
    ...(estate ? { attributes: { estate } } : {}),
  });

  it('is met at the target, partial (proportional) below it', () => {
    scoring(std)
      .given({ quantities: { volunteers_registered: 500, residents: 5000 } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('vol', { status: 'met', points: 10 });
    scoring(std)
      .given({ quantities: { volunteers_registered: 310, residents: 5000 } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('vol', {
        status: 'partial',
        points: 6.2,
        cause: '注册志愿者人数/常住居民人数 6.2% < 10% (volunteers_registered/residents: 310 / 5000)',
      });
  });

  it('is not met at zero and awaits data without a denominator', () => {
    scoring(std)
      .given({ quantities: { volunteers_registered: 0, residents: 5000 } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('vol', { status: 'not_met' });
    scoring(std)
      .given({ quantities: { volunteers_registered: 10 } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('vol', { status: 'awaiting_data' });
  });

  it('takes the threshold from the kind of estate, strictly above it (大于)', () => {
    scoring(std).given(green('new', 360)).whenEvaluatedAt(DAY).thenIndicator('green', { status: 'met' });
    scoring(std).given(green('new', 350)).whenEvaluatedAt(DAY).thenIndicator('green', {
      status: 'not_met',
      cause: '绿地面积(平方米)/用地面积(平方米) 35.0% ≤ 35% (green_area_m2/site_area_m2: 350 / 1000)',
    });
    scoring(std).given(green('old_renewal', 310)).whenEvaluatedAt(DAY).thenIndicator('green', { status: 'met' });
  });

  it('with partial credit, equal to a strict threshold is still not met (partial, short of the maximum)', () => {
    const graded = standardOf([
      indicator('green', {
        kind: 'ratio_target',
        numerator: 'green_area_m2',
        denominator: 'site_area_m2',
        threshold: 0.35,
        partialFrom: 0.2,
        strict: true,
      }),
    ]);
    scoring(graded).given(green(undefined, 350)).whenEvaluatedAt(DAY).thenIndicator('green', {
      status: 'partial',
      met: false,
      points: 9.99,
      cause: '绿地面积(平方米)/用地面积(平方米) 35.0% ≤ 35% (green_area_m2/site_area_m2: 350 / 1000)',
    });
    scoring(graded)
      .given(green(undefined, 351))
      .whenEvaluatedAt(DAY)
      .thenIndicator('green', { status: 'met', met: true, points: 10 });
    scoring(graded)
      .given(green(undefined, 275))
      .whenEvaluatedAt(DAY)
      .thenIndicator('green', { status: 'partial', points: 5 });
  });

  it('does not apply to old housing, and awaits the attribute when it is not recorded', () => {
    scoring(std)
      .given(green('old', 100))
      .whenEvaluatedAt(DAY)
      .thenIndicator('green', { status: 'not_applicable', points: 0 });
    scoring(std)
      .given(green(undefined, 400))
      .whenEvaluatedAt(DAY)
      .thenIndicator('green', { status: 'awaiting_data', cause: '住宅区类型未登记 (attribute estate not recorded)' });
  });
});

describe('rule inspector_scored', () => {
  const std = standardOf([
    indicator('latest', { kind: 'inspector_scored', aggregate: 'latest', within: 'cycle' }, { maxPoints: 6 }),
    indicator('mean', { kind: 'inspector_scored', aggregate: 'mean', within: 'cycle' }, { maxPoints: 6 }),
  ]);

  it('takes the latest score in the window, capped at the maximum', () => {
    scoring(std)
      .given({ inspectorScores: { 'test/latest': { latest: 7, date: '2025-04-01' } } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('latest', { status: 'met', points: 6 });
    scoring(std)
      .given({ inspectorScores: { 'test/latest': { latest: 4.5, date: '2025-04-01' } } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('latest', {
        status: 'partial',
        points: 4.5,
        cause: '测评员评分 4.5/6 (inspector score, 2025-04-01)',
      });
    scoring(std)
      .given({ inspectorScores: { 'test/latest': { latest: 0, date: '2025-04-01' } } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('latest', { status: 'not_met' });
  });

  it('awaits a score inside the window', () => {
    scoring(std)
      .given({ inspectorScores: { 'test/latest': { latest: 6, date: '2023-01-01' } } })
      .whenEvaluatedAt(DAY)
      .thenIndicator('latest', { status: 'awaiting_data' });
    scoring(std)
      .given({})
      .whenEvaluatedAt(DAY)
      .thenIndicator('mean', { status: 'awaiting_data', cause: '无测评员评分 (no inspector score in 2024–2025年)' });
  });

  it('averages the inspections of the window’s years', () => {
    scoring(std)
      .given({
        inspectorScores: {
          'test/mean': { latest: 6, date: '2025-05-01', byYear: { 2023: [0, 3], 2024: [10, 2], 2025: [6, 1] } },
        },
      })
      .whenEvaluatedAt(DAY)
      .thenIndicator('mean', {
        status: 'partial',
        points: 5.33,
        cause: '测评员评分 5.33/6 (inspector score, mean of 3, 2024–2025年)',
      });
  });
});

describe('rule no_incident', () => {
  const std = standardOf([
    indicator('safe', {
      kind: 'no_incident',
      incidentKinds: ['major_criminal_case', 'major_safety_accident'],
      within: 'cycle',
    }),
  ]);

  it('is met without a confirmed incident of the kinds in the window', () => {
    scoring(std)
      .given({
        incidents: [
          { kind: 'major_criminal_case', status: 'dismissed', date: '2025-01-01' },
          { kind: 'major_criminal_case', status: 'reported', date: '2025-02-01' },
          { kind: 'theft', status: 'confirmed', date: '2025-03-01' },
          { kind: 'major_safety_accident', status: 'confirmed', date: '2023-06-30' },
        ],
      })
      .whenEvaluatedAt(DAY)
      .thenIndicator('safe', { status: 'met', points: 10 });
  });

  it('is not met after a confirmed incident in the window, naming it', () => {
    scoring(std)
      .given({
        incidents: [{ kind: 'major_safety_accident', status: 'confirmed', date: '2024-09-12', ref: 'case-17' }],
      })
      .whenEvaluatedAt(DAY)
      .thenIndicator('safe', {
        status: 'not_met',
        points: 0,
        cause: '2024-09-12 发生重大安全责任事故 (major safety accident, case-17)',
      });
  });
});
