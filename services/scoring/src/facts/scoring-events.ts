import { platformEventCatalog } from '@chuangwen/contracts';
import type {
  ActivityHeld,
  CommunityProfileUpdated,
  EvaluationDayBegan,
  InspectionFactEvent,
  JurisdictionRegistered,
  StandardPublished,
  VolunteerDeregistered,
  VolunteerRegistered,
} from '@chuangwen/contracts';

/** The events that change a community's facts: the inspections context's fact events and a few others. */
export type FactEvent =
  ActivityHeld | InspectionFactEvent | CommunityProfileUpdated | VolunteerRegistered | VolunteerDeregistered;

/** Everything the scoring projection listens to. */
export type ScoringEvent = FactEvent | JurisdictionRegistered | StandardPublished | EvaluationDayBegan;

export const FACT_EVENT_TYPES: ReadonlySet<string> = new Set<FactEvent['type']>([
  'ActivityHeld',
  'SurveyRecorded',
  'InspectionItemScored',
  'FacilityRecorded',
  'ProblemRecorded',
  'RectificationOverdue',
  'RectificationVerified',
  'IncidentReported',
  'IncidentConfirmed',
  'IncidentDismissed',
  'IndicatorDeclaredNotApplicable',
  'CommunityProfileUpdated',
  'VolunteerRegistered',
  'VolunteerDeregistered',
]);

const catalog = platformEventCatalog();

/**
 * The lane an event arrives in: its bounded context (one topic each in distributed mode). A
 * community's events keep their order within a lane, not across lanes.
 */
export const laneOf = (type: string): string => catalog.get(type)?.context ?? 'unknown';
