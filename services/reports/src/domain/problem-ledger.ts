import { toDay } from '@chuangwen/scoring-engine';

/**
 * The inspections events a report reads, as plain data (type, data, the community), and two pure
 * folds over them: the problems open on a day with their deadlines, and a month's work for the
 * bulletin. Every event is placed by the day it occurred (foundOn, issuedOn, verifiedOn, the day
 * after a deadline), like `asOf`: a record made late counts where it happened.
 */
export interface ReportEvent {
  readonly type: string;
  readonly community: string;
  readonly data: Record<string, unknown>;
}

/** The event types reports read from the store. */
export const REPORT_EVENT_TYPES = [
  'InspectionCompleted',
  'ProblemRecorded',
  'RectificationNoticeIssued',
  'RectificationOverdue',
  'RectificationVerified',
  'RectificationEscalated',
  'IncidentConfirmed',
  'IncidentDismissed',
] as const;

export interface OpenProblem {
  readonly problemId: string;
  readonly community: string;
  readonly category: string;
  readonly foundOn: string;
  readonly deadline?: string;
  readonly overdue: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The day after a deadline: when a rectification becomes overdue (the overdue scan's rule). */
export const overdueOn = (deadline: string) => {
  const d = new Date(`${deadline}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** Problems found by `day` and not verified by it, with their notice's deadline. Pure. */
export function openProblemsOn(events: readonly ReportEvent[], day: string): OpenProblem[] {
  const open = new Map<string, OpenProblem>();
  for (const e of events) {
    const id = str(e.data.problemId);
    if (e.type === 'ProblemRecorded' && str(e.data.foundOn) <= day) {
      open.set(id, {
        problemId: id,
        community: e.community,
        category: str(e.data.category),
        foundOn: str(e.data.foundOn),
        overdue: false,
      });
    }
    const p = open.get(id);
    if (!p) continue;
    if (e.type === 'RectificationNoticeIssued' && str(e.data.issuedOn) <= day)
      open.set(id, { ...p, deadline: str(e.data.deadline) });
    if (e.type === 'RectificationOverdue' && overdueOn(str(e.data.deadline)) <= day)
      open.set(id, { ...p, overdue: true });
    if (e.type === 'RectificationVerified' && str(e.data.verifiedOn) <= day) open.delete(id);
  }
  return [...open.values()].sort((a, b) => a.problemId.localeCompare(b.problemId));
}

export interface MonthWork {
  readonly inspectionsDone: number;
  /** Problems found in the month, by category id (sorted by count, then id). */
  readonly problemsByCategory: { category: string; count: number }[];
  readonly problemsFound: number;
  readonly noticesIssued: number;
  readonly rectifiedOnTime: number;
  readonly rectifiedLate: number;
  /** Rectifications that became overdue in the month. */
  readonly becameOverdue: number;
  /** Problems escalated (督办) in the month with the ladder's bulletin flag; null where the catalogue has no escalation event. */
  readonly escalated: number | null;
  readonly incidentsConfirmed: number;
}

/** A month's work between `from` and `to` (days, both included). `escalationKnown`: whether the catalog has RectificationEscalated. Pure. */
export function monthWork(
  events: readonly ReportEvent[],
  from: string,
  to: string,
  escalationKnown: boolean,
): MonthWork {
  const inside = (d: string) => d >= from && d <= to;
  const categories = new Map<string, number>();
  const escalated = new Set<string>();
  let inspectionsDone = 0,
    noticesIssued = 0,
    rectifiedOnTime = 0,
    rectifiedLate = 0,
    becameOverdue = 0,
    incidentsConfirmed = 0;
  const dismissed = new Set(events.filter((e) => e.type === 'IncidentDismissed').map((e) => str(e.data.incidentId)));
  for (const e of events) {
    switch (e.type) {
      case 'InspectionCompleted':
        if (inside(str(e.data.completedOn))) inspectionsDone++;
        break;
      case 'ProblemRecorded':
        if (inside(str(e.data.foundOn)))
          categories.set(str(e.data.category), (categories.get(str(e.data.category)) ?? 0) + 1);
        break;
      case 'RectificationNoticeIssued':
        if (inside(str(e.data.issuedOn))) noticesIssued++;
        break;
      case 'RectificationOverdue':
        if (inside(overdueOn(str(e.data.deadline)))) becameOverdue++;
        break;
      case 'RectificationVerified':
        if (!inside(str(e.data.verifiedOn))) break;
        if (e.data.wasOverdue) rectifiedLate++;
        else rectifiedOnTime++;
        break;
      case 'RectificationEscalated':
        // A step of the escalation ladder (督办) whose `bulletin` flag puts it in the monthly bulletin, on
        // the China day it was reached; a problem escalated twice in a month counts once.
        if (e.data.bulletin !== false && inside(toDay(str(e.data.at)))) escalated.add(str(e.data.problemId));
        break;
      case 'IncidentConfirmed':
        if (inside(str(e.data.occurredOn)) && !dismissed.has(str(e.data.incidentId))) incidentsConfirmed++;
        break;
    }
  }
  const problemsByCategory = [...categories]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  return {
    inspectionsDone,
    problemsByCategory,
    problemsFound: problemsByCategory.reduce((n, c) => n + c.count, 0),
    noticesIssued,
    rectifiedOnTime,
    rectifiedLate,
    becameOverdue,
    escalated: escalationKnown ? escalated.size : null,
    incidentsConfirmed,
  };
}
