import type { EventTypeSpec } from '../catalog';

const spec = (type: string, description: string): EventTypeSpec => ({ type, context: 'inspections', currentVersion: 1, description });

export const INSPECTION_EVENT_SPECS: readonly EventTypeSpec[] = [
  spec('SurveyRecorded', 'A survey or sample check of one topic, with sample size, positives and the computed rate.'),
  spec('InspectionItemScored', 'An inspector scored one indicator of a standard.'),
  spec('FacilityRecorded', 'A facility, body or document was found present or absent.'),
  spec('ProblemRecorded', 'A problem was found in a community.'),
  spec('RectificationOverdue', "A problem's rectification deadline passed without verification."),
  spec('RectificationVerified', 'A rectification was verified; the problem is closed.'),
  spec('IncidentReported', 'An incident of a veto kind was reported.'),
  spec('IncidentConfirmed', 'A veto incident was confirmed.'),
  spec('IncidentDismissed', 'A veto incident was dismissed or cleared.'),
  spec('IndicatorDeclaredNotApplicable', 'An indicator was declared not applicable to a community, in writing.'),
];
