import { platformEventCatalog } from '@chuangwen/contracts';
import type { Actor, InspectionsEvent, RecordedEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import { surveyDecider, surveyRate } from './survey.decider';

const inspector: Actor = { id: 'insp', roles: ['inspector'], jurisdiction: '620102' };
const spec = () => deciderSpec(surveyDecider({ actor: inspector, now: new Date('2025-06-01T02:00:00Z') }));
const base = {
  surveyId: 's-1',
  communityCode: '620102001001',
  topic: 'satisfaction_services',
  conductedOn: '2025-05-30',
};

describe('survey rates', () => {
  it('computes the rate to four decimals and flags a small sample', () => {
    expect(surveyRate(120, 111)).toEqual({ rate: 0.925, smallSample: false });
    expect(surveyRate(3, 2)).toEqual({ rate: 0.6667, smallSample: true });
    expect(surveyRate(30, 30)).toEqual({ rate: 1, smallSample: false });
    expect(surveyRate(29, 0)).toEqual({ rate: 0, smallSample: true });
  });

  it('refuses positives above the sample, negative or fractional counts, an empty sample', () => {
    expect(() => surveyRate(10, 11)).toThrow(/between 0 and the sample size 10/);
    expect(() => surveyRate(10, -1)).toThrow();
    expect(() => surveyRate(10, 1.5)).toThrow();
    expect(() => surveyRate(0, 0)).toThrow(/at least 1/);
  });

  it('records a survey once, with its computed rate; never a future one', () => {
    const recorded: InspectionsEvent = {
      type: 'SurveyRecorded',
      version: 2,
      data: { ...base, sampleSize: 200, positive: 187, rate: 0.935, smallSample: false, periodStart: base.conductedOn },
    };
    spec()
      .given([])
      .when({ type: 'RecordSurvey', data: { ...base, sampleSize: 200, positive: 187 } })
      .then([recorded]);
    spec()
      .given([recorded])
      .when({ type: 'RecordSurvey', data: { ...base, sampleSize: 200, positive: 187 } })
      .thenThrows('conflict');
    spec()
      .given([])
      .when({ type: 'RecordSurvey', data: { ...base, sampleSize: 200, positive: 187, conductedOn: '2025-06-02' } })
      .thenThrows('invalid');
    spec()
      .given([])
      .when({ type: 'RecordSurvey', data: { ...base, sampleSize: 20, positive: 21 } })
      .thenThrows('invalid');
  });

  it('records the survey period (v2): its first day, up to the closing day', () => {
    spec()
      .given([])
      .when({ type: 'RecordSurvey', data: { ...base, sampleSize: 200, positive: 187, periodStart: '2025-05-01' } })
      .then([
        {
          type: 'SurveyRecorded',
          version: 2,
          data: { ...base, sampleSize: 200, positive: 187, rate: 0.935, smallSample: false, periodStart: '2025-05-01' },
        },
      ]);
    spec()
      .given([])
      .when({ type: 'RecordSurvey', data: { ...base, sampleSize: 200, positive: 187, periodStart: '2025-06-02' } })
      .thenThrows('invalid');
  });

  it('reads a stored v1 survey as v2, a one-day period ending when it closed (upcaster)', () => {
    const stored = {
      type: 'SurveyRecorded',
      version: 1,
      data: { ...base, sampleSize: 200, positive: 187, rate: 0.935, smallSample: false },
    };
    const envelope = {
      ...stored,
      eventId: 'e',
      streamId: 's',
      revision: 0,
      position: 1,
      recordedAt: '2025-06-01T00:00:00Z',
      metadata: {},
    } as unknown as RecordedEvent;
    expect(platformEventCatalog().upcast(envelope)).toMatchObject({
      version: 2,
      data: { ...stored.data, periodStart: base.conductedOn },
    });
  });
});
