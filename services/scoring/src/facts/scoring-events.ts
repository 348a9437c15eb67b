import { platformEventCatalog } from '@chuangwen/contracts';
import type {
  ActivityHeld, CommunityProfileUpdated, FacilityRecorded, IncidentConfirmed, IncidentDismissed, IncidentReported,
  IndicatorDeclaredNotApplicable, InspectionItemScored, JurisdictionRegistered, ProblemRecorded, RectificationOverdue,
  RectificationVerified, StandardPublished, SurveyRecorded,
} from '@chuangwen/contracts';
import type { VolunteerDeregistered, VolunteerRegistered } from '@chuangwen/contracts';

/** The events that change a community's facts. */
export type FactEvent =
  | ActivityHeld
  | SurveyRecorded
  | InspectionItemScored
  | FacilityRecorded
  | ProblemRecorded
  | RectificationOverdue
  | RectificationVerified
  | IncidentReported
  | IncidentConfirmed
  | IncidentDismissed
  | IndicatorDeclaredNotApplicable
  | CommunityProfileUpdated
  | VolunteerRegistered
  | VolunteerDeregistered;

/** Everything the scoring projection listens to. */
export type ScoringEvent = FactEvent | JurisdictionRegistered | StandardPublished;

export const FACT_EVENT_TYPES: ReadonlySet<string> = new Set<FactEvent['type']>([
  'ActivityHeld', 'SurveyRecorded', 'InspectionItemScored', 'FacilityRecorded', 'ProblemRecorded', 'RectificationOverdue',
  'RectificationVerified', 'IncidentReported', 'IncidentConfirmed', 'IncidentDismissed', 'IndicatorDeclaredNotApplicable',
  'CommunityProfileUpdated', 'VolunteerRegistered', 'VolunteerDeregistered',
]);

const catalog = platformEventCatalog();

/**
 * The lane an event arrives in: its bounded context (one topic each in distributed mode). A
 * community's events keep their order within a lane, not across lanes.
 */
export const laneOf = (type: string): string => catalog.get(type)?.context ?? 'unknown';
