import type { EventTypeSpec } from '../catalog';

const spec = (type: string, description: string): EventTypeSpec => ({
  type,
  context: 'inspections',
  currentVersion: 1,
  description,
});

export const INSPECTION_EVENT_SPECS: readonly EventTypeSpec[] = [
  {
    ...spec(
      'SurveyRecorded',
      'A survey or sample check of one topic over a period, with sample size, positives and the computed rate.',
    ),
    currentVersion: 2,
    // v2 added the period's first day; a v1 survey is taken as a one-day period ending on conductedOn.
    upcasters: { 1: (d: { conductedOn: string }) => ({ ...d, periodStart: d.conductedOn }) },
  },
  spec('InspectionItemScored', 'An inspector scored one indicator of a standard.'),
  spec('FacilityRecorded', 'A facility, body or document was found present or absent.'),
  spec('ProblemRecorded', 'A problem was found in a community.'),
  spec('RectificationOverdue', "A problem's rectification deadline passed without verification."),
  spec('RectificationVerified', 'A rectification was verified; the problem is closed.'),
  spec('IncidentReported', 'An incident of a veto kind was reported.'),
  spec('IncidentConfirmed', 'A veto incident was confirmed.'),
  spec('IncidentDismissed', 'A veto incident was dismissed or cleared.'),
  spec('IndicatorDeclaredNotApplicable', 'An indicator was declared not applicable to a community, in writing.'),
  spec(
    'InspectionScheduled',
    'An inspection of a community was scheduled (field, unannounced, document review, report hearing).',
  ),
  spec('InspectionStarted', 'An inspection started; its items may be scored.'),
  spec('InspectionCompleted', 'An inspection was completed; nothing more is scored in it.'),
  spec('InspectionCancelled', 'A scheduled inspection was called off.'),
  spec('ProblemEvidenceAttached', 'Location, evidence and the finding inspection of a problem.'),
  spec('RectificationNoticeIssued', 'A rectification notice with a deadline was issued for a problem.'),
  spec('RectificationSubmitted', 'The community submitted its rectification, with evidence.'),
  spec('RectificationRejected', 'A submitted rectification was rejected, with the reason; back to the community.'),
  spec(
    'EscalationLadderSet',
    'An office set its escalation ladder (督办): days overdue → office notified, listed, counted in the bulletin.',
  ),
  spec(
    'RectificationEscalated',
    'An overdue rectification reached a step of its escalation ladder; the office at that level is notified.',
  ),
];
