import { monthWork, openProblemsOn, ReportEvent } from './problem-ledger';
import { periodEnds, previousPeriodEnd } from './periods';

const C = '620102001001';
const e = (type: string, data: Record<string, unknown>): ReportEvent => ({
  type,
  community: C,
  data: { communityCode: C, ...data },
});

// Given: a problem found 28 April, noticed 2 May (deadline 10 May), overdue from 11 May, escalated twice
// in May (one step without the bulletin flag), verified 3 June; a second found 30 May and recorded late;
// an inspection completed 31 May; an incident confirmed then dismissed.
const events: ReportEvent[] = [
  e('ProblemRecorded', { problemId: 'a', category: 'littering', foundOn: '2025-04-28' }),
  e('RectificationNoticeIssued', {
    problemId: 'a',
    category: 'littering',
    deadline: '2025-05-10',
    issuedOn: '2025-05-02',
  }),
  e('RectificationOverdue', { problemId: 'a', category: 'littering', deadline: '2025-05-10' }),
  e('RectificationEscalated', { problemId: 'a', bulletin: true, at: '2025-05-12T16:30:00Z' }), // 13 May, China time
  e('RectificationEscalated', { problemId: 'a', bulletin: true, at: '2025-05-20T02:00:00Z' }),
  e('RectificationEscalated', { problemId: 'a', bulletin: false, at: '2025-05-31T15:59:00Z' }),
  e('InspectionCompleted', { inspectionId: 'i', completedOn: '2025-05-31' }),
  e('RectificationVerified', { problemId: 'a', category: 'littering', wasOverdue: true, verifiedOn: '2025-06-03' }),
  e('ProblemRecorded', { problemId: 'b', category: 'littering', foundOn: '2025-05-30' }),
  e('IncidentConfirmed', { incidentId: 'x', kind: 'fire', occurredOn: '2025-05-05' }),
  e('IncidentDismissed', { incidentId: 'x' }),
];

describe('the problem ledger and a month’s work, by the day each thing happened', () => {
  it('open problems on a day, with their deadlines and whether overdue', () => {
    expect(openProblemsOn(events, '2025-05-10')).toEqual([
      {
        problemId: 'a',
        community: C,
        category: 'littering',
        foundOn: '2025-04-28',
        deadline: '2025-05-10',
        overdue: false,
      },
    ]);
    expect(openProblemsOn(events, '2025-05-31').map((p) => [p.problemId, p.overdue])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(openProblemsOn(events, '2025-06-03').map((p) => p.problemId)).toEqual(['b']);
  });

  it('May: one problem found (the other in April), one notice, one overdue, one problem escalated, nothing rectified', () => {
    expect(monthWork(events, '2025-05-01', '2025-05-31', true)).toEqual({
      inspectionsDone: 1,
      problemsByCategory: [{ category: 'littering', count: 1 }],
      problemsFound: 1,
      noticesIssued: 1,
      rectifiedOnTime: 0,
      rectifiedLate: 0,
      becameOverdue: 1,
      escalated: 1,
      incidentsConfirmed: 0,
    });
    expect(monthWork(events, '2025-06-01', '2025-06-30', true)).toMatchObject({
      rectifiedLate: 1,
      rectifiedOnTime: 0,
      escalated: 0,
      problemsFound: 0,
    });
    expect(monthWork(events, '2025-05-01', '2025-05-31', false).escalated).toBeNull();
  });

  it('period ends: month ends, Sundays, and the last point the range’s end', () => {
    expect(periodEnds('2025-01-15', '2025-03-10', 'month')).toEqual(['2025-01-31', '2025-02-28', '2025-03-10']);
    expect(periodEnds('2025-06-01', '2025-06-10', 'week')).toEqual(['2025-06-01', '2025-06-08', '2025-06-10']);
    expect(previousPeriodEnd('2025-03-01')).toBe('2025-02-28');
    expect(previousPeriodEnd('2025-06-11', 'week')).toBe('2025-06-08');
  });
});
