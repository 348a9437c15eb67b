import type {
  ActivityKind,
  ActivityScale,
  AttributeId,
  AttributeValue,
  FacilityId,
  IncidentKind,
  IncidentStatus,
  ProblemCategory,
  QuantityId,
  SurveyTopic,
} from './catalogs';
import type { IsoDay } from './types';

/** The latest result of a survey (or sample check) on one topic. */
export interface SurveyResult {
  sample: number;
  positive: number;
  date: IsoDay;
}

/** Problems of one category not yet closed; `overdue` is the part whose rectification deadline passed. */
export interface ProblemCounts {
  open: number;
  overdue: number;
}

/** Inspectors' scores of one indicator: the latest, and per calendar year [sum, count] for means. */
export interface InspectorScores {
  latest: number;
  date: IsoDay;
  byYear?: Record<string, [sum: number, count: number]>;
}

export interface Incident {
  kind: IncidentKind;
  /** Only confirmed incidents cost points or veto; reported ones are shown as pending. */
  status: IncidentStatus;
  /** The day the incident happened (not the day it was confirmed). */
  date: IsoDay;
  /** The id of the event or case that recorded it, to explain a veto. */
  ref?: string;
}

export type CommunityAttributes = { [A in AttributeId]?: AttributeValue<A> };

/**
 * Everything the engine reads about one community, as of the evaluation day. A projection keeps it
 * up to date event by event; every field is optional (absent = nothing recorded) so that an idle
 * community costs almost nothing, and every update is a counter bump or an overwrite:
 *
 * - activities        `${kind}|${scale}|${year}` → sessions held (ActivityHeld: +1; cancelled after held: −1).
 *                     Use `activityKey`. The year is the China-time calendar year of the activity.
 * - participants      `${kind}|${year}` → participants summed. Use `participantsKey`.
 * - surveys           topic → the latest result (a newer survey overwrites).
 * - facilities        facility/document id → day it was recorded or last verified; delete when it closes.
 * - problems          category → open / overdue counts (found: open+1; deadline passed: overdue+1;
 *                     rectified and verified: open−1 and, if it was overdue, overdue−1).
 * - quantities        residents, registered volunteers, green and site area, ad counts: overwrite.
 * - inspectorScores   `${standardId}/${indicatorId}` → latest score and per-year sum/count. Use `indicatorKey`.
 * - incidents         every incident of a catalogued kind (rare); status changes overwrite in place.
 * - notApplicable     `${standardId}/${indicatorId}` declared not applicable in writing (书面说明).
 * - attributes        e.g. estate: 'new' | 'old_renewal' | 'old'; compound: 'closed' | 'open'.
 *
 * Store days through `internDay`. Facts must describe the community as of the evaluation day: the
 * engine filters dated facts by day, but yearly counters cannot be cut below a year.
 */
export interface CommunityFacts {
  activities?: Record<string, number>;
  participants?: Record<string, number>;
  surveys?: { [T in SurveyTopic]?: SurveyResult };
  facilities?: { [F in FacilityId]?: IsoDay };
  problems?: { [P in ProblemCategory]?: ProblemCounts };
  quantities?: { [Q in QuantityId]?: number };
  inspectorScores?: Record<string, InspectorScores>;
  incidents?: Incident[];
  notApplicable?: string[];
  attributes?: CommunityAttributes;
}

const days = new Map<string, IsoDay>();
/**
 * The one shared instance of a day string. Facts hold tens of days per community; storing each
 * through internDay keeps one string per calendar day instead of one per fact (measured: about a
 * quarter of a typical community's facts). The table holds at most a few thousand days.
 */
export function internDay(day: IsoDay): IsoDay {
  const shared = days.get(day);
  if (shared !== undefined) return shared;
  days.set(day, day);
  return day;
}

export const activityKey = (kind: ActivityKind, scale: ActivityScale, year: number) => `${kind}|${scale}|${year}`;
export const participantsKey = (kind: ActivityKind, year: number) => `${kind}|${year}`;
export const indicatorKey = (standardId: string, indicatorId: string) => `${standardId}/${indicatorId}`;
