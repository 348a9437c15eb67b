import type {
  ActivityHeld, CommunityProfileUpdated, FacilityRecorded, IncidentConfirmed, IncidentDismissed, IncidentReported,
  IndicatorDeclaredNotApplicable, InspectionItemScored, JurisdictionRegistered, ProblemRecorded, RectificationOverdue,
  RectificationVerified, StandardPublished, SurveyRecorded,
} from '@chuangwen/contracts';

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
  | CommunityProfileUpdated;

/** Everything the scoring projection listens to. */
export type ScoringEvent = FactEvent | JurisdictionRegistered | StandardPublished;

export const FACT_EVENT_TYPES: ReadonlySet<string> = new Set<FactEvent['type']>([
  'ActivityHeld', 'SurveyRecorded', 'InspectionItemScored', 'FacilityRecorded', 'ProblemRecorded', 'RectificationOverdue',
  'RectificationVerified', 'IncidentReported', 'IncidentConfirmed', 'IncidentDismissed', 'IndicatorDeclaredNotApplicable',
  'CommunityProfileUpdated',
]);
