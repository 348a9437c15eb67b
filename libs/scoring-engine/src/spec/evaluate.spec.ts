import { evaluate } from '../evaluate';
import type { CommunityFacts } from '../facts';
import type { Standard } from '../types';
import { cite, deepFreeze, indicator, scoring, standardOf } from './given';

const DAY = '2025-06-30';
const present = (id: string, facility: 'police_room' | 'library' | 'nursery' | 'health_station', points = 10) =>
  indicator(id, { kind: 'presence', items: [{ facility, points }] }, { maxPoints: points });

describe('normalisation over applicable items', () => {
  const std = standardOf(
    [present('police', 'police_room', 30), present('library', 'library', 20), present('nursery', 'nursery', 50)],
    { passMark: 80, totalPoints: 100 },
  );

  it('scores raw points over the full maximum when everything applies', () => {
    scoring(std)
      .given({ facilities: { police_room: '2020-01-01', library: '2020-01-01' } })
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card).toMatchObject({ raw: 50, applicableMax: 100, total: 50, passed: false, awaitingData: 0 });
        expect(card.gaps.map((g) => g.id)).toEqual(['nursery']);
      });
  });

  it('excludes an item the community declared not applicable in writing (甘肃 三.3) and renormalises to 100', () => {
    scoring(std)
      .given({ facilities: { police_room: '2020-01-01', library: '2020-01-01' }, notApplicable: ['test/nursery'] })
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card).toMatchObject({ raw: 50, applicableMax: 50, total: 100, passed: true, gaps: [] });
        expect(card.indicators[2]).toMatchObject({
          status: 'not_applicable',
          points: 0,
          maxPoints: 50,
          cause: '书面说明不适用 (declared not applicable in writing)',
        });
        expect(card.categories[0]).toMatchObject({ points: 50, maxPoints: 100, applicableMax: 50 });
      });
  });

  it('ignores a declaration when the standard does not provide for one, and one for another standard', () => {
    const strict = { ...std, notApplicableByDeclaration: false };
    scoring(strict)
      .given({ notApplicable: ['test/nursery'] })
      .whenEvaluatedAt(DAY)
      .then((card) => expect(card.applicableMax).toBe(100));
    scoring(std)
      .given({ notApplicable: ['other/nursery'] })
      .whenEvaluatedAt(DAY)
      .then((card) => expect(card.applicableMax).toBe(100));
  });

  it('excludes an item whose facility condition does not hold', () => {
    const s = standardOf([
      present('police', 'police_room', 50),
      indicator(
        'hs',
        { kind: 'survey_rate_threshold', topic: 'satisfaction_health_station', threshold: 0.85, minSample: 50 },
        { maxPoints: 50, applicability: { facility: 'health_station' } },
      ),
    ]);
    scoring(s)
      .given({ facilities: { police_room: '2020-01-01' } })
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card).toMatchObject({ total: 100, applicableMax: 50 });
        expect(card.indicators[1]).toMatchObject({
          status: 'not_applicable',
          cause: '无卫生服务中心(站),不适用 (no health_station: does not apply)',
        });
      });
  });

  it('names every indicator and gap by its title in the standard’s words, with a boolean met beside the status', () => {
    scoring(std)
      .given({ facilities: { police_room: '2020-01-01' } })
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card.indicators.map((i) => [i.id, i.title, i.status, i.met])).toEqual([
          ['police', '指标 police', 'met', true],
          ['library', '指标 library', 'not_met', false],
          ['nursery', '指标 nursery', 'not_met', false],
        ]);
        expect(card.gaps[0]).toMatchObject({
          id: 'library',
          title: '指标 library',
          met: false,
          cause: '缺少图书室 (missing: library)',
        });
      });
  });

  it('counts awaiting-data items in the maximum (at 0) and reports them', () => {
    const s = standardOf([
      present('police', 'police_room', 50),
      indicator(
        'aw',
        { kind: 'survey_rate_threshold', topic: 'awareness', threshold: 0.95, minSample: 50 },
        { maxPoints: 50 },
      ),
    ]);
    scoring(s)
      .given({ facilities: { police_room: '2020-01-01' } })
      .whenEvaluatedAt(DAY)
      .then((card) =>
        expect(card).toMatchObject({ total: 50, awaitingData: 1, gaps: [{ id: 'aw', status: 'awaiting_data' }] }),
      );
  });

  it('is pure: frozen inputs, the same card twice, a Date read in China time', () => {
    const frozenStd = deepFreeze(structuredClone(std));
    const facts = deepFreeze<CommunityFacts>({ facilities: { police_room: '2025-06-30' } });
    const a = evaluate(frozenStd, facts, DAY);
    expect(evaluate(frozenStd, facts, new Date('2025-06-29T16:30:00Z'))).toEqual(a); // 00:30 on 30 June in Beijing
    expect(evaluate(frozenStd, facts, new Date('2025-06-29T15:30:00Z')).indicators[0].status).toBe('not_met'); // still 29 June
    // Days given as strings and as Dates, interleaved, never see each other's window bounds.
    const june29 = new Date('2025-06-29T04:00:00Z');
    expect(evaluate(frozenStd, facts, june29).asOf).toBe('2025-06-29');
    expect(evaluate(frozenStd, facts, '2025-06-30').asOf).toBe('2025-06-30');
    expect(evaluate(frozenStd, facts, june29).asOf).toBe('2025-06-29');
  });
});

describe('vetoes (一票否决)', () => {
  const std: Standard = standardOf([present('police', 'police_room', 100)], {
    vetoes: [
      {
        id: 'v2',
        title: '重大安全责任事故和重大刑事案件',
        incidentKinds: ['major_safety_accident', 'major_criminal_case'],
        lookBack: { years: 2 },
        source: cite,
      },
    ],
  });
  const facts = (status: 'confirmed' | 'reported' | 'dismissed', date = '2024-03-01'): CommunityFacts => ({
    facilities: { police_room: '2020-01-01' },
    incidents: [{ kind: 'major_safety_accident', status, date, ref: 'incident-9' }],
  });

  it('vetoes a full score for a confirmed incident inside the look-back window, until two years after it', () => {
    scoring(std)
      .given(facts('confirmed'))
      .whenEvaluatedAt(DAY)
      .then((card) => {
        expect(card.total).toBe(100);
        expect(card.passed).toBe(false);
        expect(card.veto).toEqual({
          vetoed: true,
          incidents: [
            {
              vetoId: 'v2',
              title: '重大安全责任事故和重大刑事案件',
              cause: '2024-03-01 发生重大安全责任事故 (major safety accident, incident-9)',
              kind: 'major_safety_accident',
              date: '2024-03-01',
              ref: 'incident-9',
              until: '2026-03-01',
            },
          ],
          pending: [],
          until: '2026-03-01',
        });
      });
  });

  it('no longer vetoes from the day the window has passed', () => {
    scoring(std)
      .given(facts('confirmed'))
      .whenEvaluatedAt('2026-02-28')
      .then((card) => expect(card.veto.vetoed).toBe(true));
    scoring(std)
      .given(facts('confirmed'))
      .whenEvaluatedAt('2026-03-01')
      .then((card) => expect(card).toMatchObject({ veto: { vetoed: false }, passed: true }));
  });

  it('ignores dismissed incidents and ones after the evaluation day; shows reported ones as pending', () => {
    scoring(std)
      .given(facts('dismissed'))
      .whenEvaluatedAt(DAY)
      .then((card) => expect(card.veto).toMatchObject({ vetoed: false, incidents: [], pending: [] }));
    scoring(std)
      .given(facts('confirmed', '2025-07-01'))
      .whenEvaluatedAt(DAY)
      .then((card) => expect(card.veto.vetoed).toBe(false));
    scoring(std)
      .given(facts('reported'))
      .whenEvaluatedAt(DAY)
      .then((card) =>
        expect(card).toMatchObject({
          passed: true,
          veto: {
            vetoed: false,
            pending: [
              {
                vetoId: 'v2',
                title: '重大安全责任事故和重大刑事案件',
                cause:
                  '2024-03-01 报告重大安全责任事故,待核实 (major safety accident, reported, not confirmed, incident-9)',
                until: '2026-03-01',
              },
            ],
          },
        }),
      );
  });

  it('does not veto for an incident kind no veto lists', () => {
    scoring(std)
      .given({
        facilities: { police_room: '2020-01-01' },
        incidents: [{ kind: 'theft', status: 'confirmed', date: '2025-01-01' }],
      })
      .whenEvaluatedAt(DAY)
      .then((card) => expect(card.passed).toBe(true));
  });
});
