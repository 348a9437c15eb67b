import { evaluate, loadShippedStandards } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';
import { explainIndicator } from './explain';
import { decodeEntry, encodeEntry } from './fact-log';
import { factsAt } from './facts-at';
import type { FactEvent } from './scoring-events';

const code = '620102001001';
const gansu: Standard = loadShippedStandards().find((s) => s.id === 'gansu-civilized-community')!;
const indicator = (id: string) => gansu.categories.flatMap((c) => c.indicators).find((i) => i.id === id)!;

/** Given fact events recorded at instants, when an indicator is explained at a day, then… */
function given(...recorded: [FactEvent, string][]) {
  const entries = recorded.map(([e, at], i) => decodeEntry(encodeEntry(e, i + 1, at)));
  return {
    explained: (id: string, day: string, known = {}) => {
      const { counted, notCounted } = explainIndicator(gansu, indicator(id), entries, day, known);
      const points = evaluate(gansu, factsAt(entries, known), day).indicators.find((i) => i.id === id)!.points;
      return {
        counted: counted.map((e) => e.position),
        notCounted: notCounted.map((e) => [e.position, e.reason]),
        points,
      };
    },
  };
}

const held = (heldAt: string): FactEvent => ({
  type: 'ActivityHeld',
  version: 1,
  data: {
    activityId: heldAt,
    communityCode: code,
    kind: 'environment_cleanup',
    title: 't',
    organiser: 'o',
    scale: 'ordinary',
    heldAt,
    participants: 9,
  },
});
const survey = (conductedOn: string, positive: number): FactEvent => ({
  type: 'SurveyRecorded',
  version: 2,
  data: {
    surveyId: conductedOn,
    communityCode: code,
    topic: 'satisfaction_services',
    sampleSize: 120,
    positive,
    rate: positive / 120,
    smallSample: false,
    periodStart: conductedOn,
    conductedOn,
  },
});
const library = (present: boolean, recordedOn: string): FactEvent => ({
  type: 'FacilityRecorded',
  version: 1,
  data: { communityCode: code, facility: 'library', present, recordedOn },
});
const drugs = (incidentId: string, occurredOn: string): FactEvent[] => [
  {
    type: 'IncidentReported',
    version: 1,
    data: { incidentId, communityCode: code, kind: 'pornography_gambling_drugs', occurredOn, description: 'x' },
  },
  {
    type: 'IncidentConfirmed',
    version: 1,
    data: { incidentId, communityCode: code, kind: 'pornography_gambling_drugs', occurredOn },
  },
];

describe('explain: exactly the entries a rule counted, the others apart with why', () => {
  it('an activity count over the calendar year: this year’s activities, not last year’s', () => {
    const r = given(
      [held('2024-06-10T02:00:00Z'), '2024-06-10T03:00:00Z'],
      [held('2025-03-01T02:00:00Z'), '2025-03-01T03:00:00Z'],
    ).explained('g4.4', '2025-06-30');
    expect(r).toEqual({ counted: [2], notCounted: [[1, expect.stringContaining('held in 2024')]], points: 1 });
  });

  it('a survey rate: the latest survey stands, an older one recorded late is superseded', () => {
    const r = given(
      [survey('2025-05-01', 110), '2025-05-01T02:00:00Z'],
      [survey('2025-03-01', 60), '2025-05-02T02:00:00Z'],
    ).explained('g2.2', '2025-06-30');
    expect(r.counted).toEqual([1]);
    expect(r.notCounted).toEqual([[2, expect.stringContaining('superseded by the one of 2025-05-01')]]);
  });

  it('as of a day: a fact occurred after it is apart; known at an instant: one recorded after it is apart', () => {
    const g = given(
      [held('2025-03-01T02:00:00Z'), '2025-03-01T03:00:00Z'],
      [held('2025-05-01T02:00:00Z'), '2025-05-09T03:00:00Z'],
    );
    expect(g.explained('g4.4', '2025-04-30', { occurredBy: '2025-04-30' })).toEqual({
      counted: [1],
      notCounted: [[2, expect.stringContaining('after asOf 2025-04-30')]],
      points: 1,
    });
    const shown = g.explained('g4.4', '2025-05-05', { knownBy: Date.parse('2025-05-05T23:59:59+08:00') });
    expect(shown).toEqual({ counted: [1], notCounted: [[2, expect.stringContaining('after knownAt')]], points: 1 });
  });

  it('a facility: the last record stands (here: the library closed)', () => {
    const r = given(
      [library(true, '2025-01-05'), '2025-01-05T02:00:00Z'],
      [library(false, '2025-04-01'), '2025-04-01T02:00:00Z'],
    ).explained('g5.2', '2025-06-30');
    expect(r.counted).toEqual([2]);
    expect(r.notCounted).toEqual([[1, expect.stringContaining('superseded')]]);
  });

  it('no incident within the cycle: an incident before the window does not count', () => {
    const [old1, old2] = drugs('old', '2022-05-01');
    const [new1, new2] = drugs('new', '2025-02-01');
    const r = given(
      [old1, '2022-05-02T02:00:00Z'],
      [old2, '2022-05-03T02:00:00Z'],
      [new1, '2025-02-02T02:00:00Z'],
      [new2, '2025-02-03T02:00:00Z'],
    ).explained('g3.3', '2025-06-30');
    expect(r.counted).toEqual([3, 4]);
    expect(r.notCounted.map(([p, why]) => [p, (why as string).slice(0, 30)])).toEqual([
      [1, 'occurred 2022-05-01, outside t'],
      [2, 'occurred 2022-05-01, outside t'],
    ]);
    expect(r.points).toBe(0);
  });
});
