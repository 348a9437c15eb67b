import { authorityChain, standardInForce } from '../in-force';
import { loadShippedStandards } from '../shipped';
import type { Standard } from '../types';
import { accidentCommunity, lowSurveyCommunity, strongCommunity } from './communities';
import { indicatorOf, scoring } from './given';

const DAY = '2025-06-30';
const standards = loadShippedStandards();
const byId = (id: string, version = 1): Standard => standards.find((s) => s.id === id && s.version === version)!;
const yizhou = byId('yizhou-community');
const gansu = byId('gansu-civilized-community');
const yizhou2 = byId('yizhou-community', 2);
const gansu2 = byId('gansu-civilized-community', 2);
const REGISTER_TOPICS = ['reemployment_placement', 'mediation_success', 'temp_resident_registration'];

describe('shipped standards', () => {
  it('load and validate', () => {
    expect(standards.map((s) => `${s.id}@${s.version} ${s.issuingAuthority} ${s.effectiveFrom}`)).toEqual([
      'gansu-civilized-community@1 620000 2016-07-01',
      'gansu-civilized-community@2 620000 2026-12-02',
      'yizhou-community@1 371302 2008-01-01',
      'yizhou-community@2 371302 2026-12-02',
    ]);
  });

  it('version 2 of each changes only what it corrects: register-based rates ask for no minimum sample, and say why', () => {
    const rules = (s: Standard) => s.categories.flatMap((c) => c.indicators);
    for (const [v1, v2] of [
      [yizhou, yizhou2],
      [gansu, gansu2],
    ]) {
      expect(v2.notes![0]).toMatch(/^Version 2 \(from 2026-12-02\) corrects the encoding of version 1/);
      rules(v2).forEach((ind, i) => {
        const old = rules(v1)[i];
        const register = ind.rule.kind === 'survey_rate_threshold' && REGISTER_TOPICS.includes(ind.rule.topic);
        if (!register) return expect(ind).toEqual(old);
        expect(ind.rule).toEqual({ ...old.rule, minSample: 1 });
        expect(ind.source.note).toMatch(
          /is a register figure, not a questionnaire sample.*No minimum sample.*seed:00[03]_/,
        );
        expect({ ...ind, rule: old.rule, source: { ...ind.source, note: old.source.note } }).toEqual(old);
      });
      const header = ({ version, effectiveFrom, notes, categories, ...rest }: Standard) => ({
        ...rest,
        notes: notes!.slice(-v1.notes!.length),
        categories: categories.map((c) => ({ ...c, indicators: c.indicators.map((i) => i.id) })),
      });
      expect(header(v2)).toEqual(header(v1));
    }
    // Questionnaires of residents keep their samples.
    const questionnaires = rules(yizhou2).filter(
      (i) => i.rule.kind === 'survey_rate_threshold' && !REGISTER_TOPICS.includes(i.rule.topic),
    );
    expect(questionnaires.map((i) => i.rule.kind === 'survey_rate_threshold' && i.rule.minSample)).toEqual(
      Array(questionnaires.length).fill(50),
    );
  });

  it('a correction scores from its own day on: version 1 the day before 2026-12-02, version 2 from then', () => {
    const chain = authorityChain('371302004007');
    expect(standardInForce(standards, chain, '2026-12-01')).toBe(yizhou);
    expect(standardInForce(standards, chain, '2026-12-02')).toBe(yizhou2);
    expect(standardInForce(standards, authorityChain('620102001001'), '2025-06-30')).toBe(gansu);
    expect(standardInForce(standards, authorityChain('620102001001'), '2027-06-30')).toBe(gansu2);
  });

  it('total 100 points, and cite the seed with its words on every indicator and veto', () => {
    for (const s of standards) {
      expect(s.categories.flatMap((c) => c.indicators).reduce((a, i) => a + i.maxPoints, 0)).toBeCloseTo(100, 9);
      for (const x of [...s.categories.flatMap((c) => c.indicators), ...s.vetoes]) {
        expect(x.source).toMatchObject({
          source: 'seed:000_7247369011c4dc8d',
          section: expect.any(String),
          quote: expect.stringMatching(/\p{Script=Han}/u),
        });
      }
    }
  });

  it('甘肃: four methods, written not-applicable declarations, seven vetoes looking back two years', () => {
    expect(gansu.methods).toEqual(['field_inspection', 'document_review', 'report_hearing', 'survey']);
    expect(gansu.notApplicableByDeclaration).toBe(true);
    expect(gansu.vetoes.map((v) => v.lookBack)).toEqual(Array(7).fill({ years: 2 }));
    expect(gansu.categories.map((c) => c.points)).toEqual([20, 20, 20, 20, 20]);
  });
});

describe('沂州社区 standard, scripted communities', () => {
  it('a strong community passes, short only of one open problem and a mean inspection below the maximum', () => {
    scoring(yizhou)
      .given(strongCommunity())
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card).toMatchObject({
          raw: 99.3,
          applicableMax: 100,
          total: 99.3,
          passed: true,
          awaitingData: 0,
          veto: { vetoed: false },
        });
        expect(card.gaps.map((g) => [g.id, g.points, g.maxPoints])).toEqual([
          ['y4.5', 2.5, 3],
          ['y5.4', 1.8, 2],
        ]);
      });
  });

  it('a new estate with green exactly 35% of its site does not meet “大于35%”: y4.7 is partial, one hundredth short', () => {
    scoring(yizhou)
      .given({
        ...strongCommunity(),
        quantities: { ...strongCommunity().quantities, green_area_m2: 350, site_area_m2: 1000 },
      })
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(indicatorOf(card, 'y4.7')).toMatchObject({
          status: 'partial',
          met: false,
          points: 1.99,
          maxPoints: 2,
          cause: '绿地面积(平方米)/用地面积(平方米) 35.0% ≤ 35% (green_area_m2/site_area_m2: 350 / 1000)',
        });
        expect(card.total).toBe(99.29); // 99.3 − 0.01
        expect(card.gaps.map((g) => g.id)).toContain('y4.7');
      });
  });

  it('dispute mediation from a register of 10 disputes: awaiting a sample of 50 under version 1, met under version 2', () => {
    const facts = {
      ...strongCommunity(),
      surveys: { ...strongCommunity().surveys, mediation_success: { sample: 10, positive: 9, date: '2026-12-05' } },
    };
    scoring(yizhou).given(facts).whenEvaluatedAt('2026-12-31').thenIndicator('y3.10', {
      status: 'awaiting_data',
      met: false,
      points: 0,
      cause: '民事纠纷调解成功率: 样本 10 < 50 (dispute mediation success: sample too small, survey 2026-12-05)',
    });
    scoring(yizhou2)
      .given(facts)
      .whenEvaluatedAt('2026-12-31')
      .thenIndicator('y3.10', { status: 'met', met: true, points: 2 });
    const fewer = {
      ...facts,
      surveys: { ...facts.surveys, mediation_success: { sample: 10, positive: 8, date: '2026-12-05' } },
    };
    scoring(yizhou2).given(fewer).whenEvaluatedAt('2026-12-31').thenIndicator('y3.10', {
      status: 'not_met',
      points: 0,
      cause: '民事纠纷调解成功率 80.0% < 90% (dispute mediation success; sample 10, survey 2026-12-05)',
    });
  });

  it('an open compound in an old-renewal estate: the gatehouse and access-control items do not apply', () => {
    scoring(yizhou)
      .given({ ...strongCommunity(), attributes: { estate: 'old_renewal', compound: 'open' } })
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card.applicableMax).toBe(98);
        expect(indicatorOf(card, 'y3.5').status).toBe('not_applicable');
        expect(indicatorOf(card, 'y3.6').status).toBe('not_applicable');
        expect(indicatorOf(card, 'y4.7')).toMatchObject({ status: 'met' }); // 38% > 30%
      });
  });

  it('a confirmed major accident costs the indicator (the seed lists no veto)', () => {
    scoring(yizhou)
      .given(accidentCommunity())
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card.veto.vetoed).toBe(false);
        expect(indicatorOf(card, 'y3.3')).toMatchObject({
          status: 'not_met',
          points: 0,
          cause: '2024-09-12 发生重大安全责任事故 (major safety accident, incident-17)',
        });
        expect(card.total).toBe(97.3);
      });
  });

  it('low survey rates show as gaps with their causes', () => {
    scoring(yizhou)
      .given(lowSurveyCommunity())
      .whenEvaluatedAt(DAY)
      .then((card) => {
        const gaps = Object.fromEntries(card.gaps.map((g) => [g.id, [g.status, g.cause]]));
        expect(gaps).toMatchObject({
          'y1.5': [
            'not_met',
            '创建工作知晓率 85.0% < 95% (awareness of the creation work; sample 200, survey 2025-03-02)',
          ],
          'y1.6': [
            'awaiting_data',
            '创建活动参与率: 样本 30 < 50 (participation: sample too small, survey 2025-03-02)',
          ],
          'y2.1': [
            'not_met',
            '社区服务满意率 75.0% < 90% (satisfaction with community services; sample 200, survey 2025-03-02)',
          ],
        });
        expect(card).toMatchObject({ total: 90.3, awaitingData: 1, passed: true });
      });
  });
});

describe('甘肃省文明社区测评细则, scripted communities', () => {
  it('a strong community passes', () => {
    scoring(gansu)
      .given(strongCommunity())
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card).toMatchObject({ total: 98.67, passed: true, awaitingData: 0, veto: { vetoed: false } });
        expect(card.gaps.map((g) => g.id)).toEqual(['g4.1', 'g4.2']);
        expect(card.categories.map((c) => c.points)).toEqual([20, 20, 20, 18.67, 20]);
      });
  });

  it('a community with a confirmed major accident in the two years before is vetoed, whatever its score', () => {
    scoring(gansu)
      .given(accidentCommunity())
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card.total).toBe(98.67);
        expect(card.passed).toBe(false);
        expect(card.veto).toEqual({
          vetoed: true,
          incidents: [
            {
              vetoId: 'v2',
              title: '有重大安全责任事故和重大刑事案件',
              cause: '2024-09-12 发生重大安全责任事故 (major safety accident, incident-17)',
              kind: 'major_safety_accident',
              date: '2024-09-12',
              ref: 'incident-17',
              until: '2026-09-12',
            },
          ],
          pending: [],
          until: '2026-09-12',
        });
      });
    scoring(gansu)
      .given(accidentCommunity())
      .whenEvaluatedAt('2026-09-12')
      .then((card) => expect(card.veto.vetoed).toBe(false));
  });

  it('dispute mediation from a register of 30 disputes: awaiting a sample of 100 under version 1, met under version 2', () => {
    const facts = {
      ...strongCommunity(),
      surveys: { ...strongCommunity().surveys, mediation_success: { sample: 30, positive: 28, date: '2026-12-05' } },
    };
    scoring(gansu)
      .given(facts)
      .whenEvaluatedAt('2026-12-31')
      .thenIndicator('g3.5', { status: 'awaiting_data', points: 0 });
    scoring(gansu2)
      .given(facts)
      .whenEvaluatedAt('2026-12-31')
      .thenIndicator('g3.5', { status: 'met', met: true, points: 3 });
  });

  it('low survey rates show as partial gaps (linear from 60%)', () => {
    scoring(gansu)
      .given(lowSurveyCommunity())
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(indicatorOf(card, 'g2.2')).toMatchObject({
          status: 'partial',
          points: 2.5,
          cause: '社区服务满意率 75.0% < 90% (satisfaction with community services; sample 200, survey 2025-03-02)',
        });
        expect(indicatorOf(card, 'g3.4')).toMatchObject({
          status: 'partial',
          points: 1.33,
          cause: '群众安全感 70.0% < 90% (sense of security; sample 200, survey 2025-03-02)',
        });
        expect(card).toMatchObject({ total: 93.5, passed: true }); // 98.67 − 2.5 − 2.67
      });
  });

  it('a written not-applicable declaration excludes the item and renormalises', () => {
    const facts = { ...lowSurveyCommunity(), notApplicable: ['gansu-civilized-community/g2.3'] };
    scoring(gansu)
      .given(facts)
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card.applicableMax).toBe(96);
        expect(card.total).toBe(93.23); // (93.5 − 4) / 96
      });
  });
});
