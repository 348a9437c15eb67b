import type { EventTypeSpec } from '../catalog';

const spec = (type: string, description: string): EventTypeSpec => ({
  type,
  context: 'awards',
  currentVersion: 1,
  description,
});

export const AWARD_EVENT_SPECS: readonly EventTypeSpec[] = [
  spec(
    'AwardProgramDefined',
    'An office set up an award program (kind, level, cycle, quota, notice days, eligibility).',
  ),
  spec('AwardPlaceReserved', "A nomination took one of the program's places (名额) as it was shortlisted."),
  spec('NominationSubmitted', 'An application or nomination entered a program.'),
  spec('MaterialsReviewed', "A nomination's materials were reviewed."),
  spec('ReportHeard', "A nominee's report was heard and peer-rated (好/较好/一般)."),
  spec('FieldInspected', 'A nominee was inspected in the field.'),
  spec('NominationShortlisted', 'A nominee was shortlisted for commendation.'),
  spec('NominationRejected', 'A nomination left the procedure, with the step and reason.'),
  spec('PublicNoticeStarted', 'A shortlisted nominee was put on public notice (公示) for a number of days.'),
  spec('ObjectionLodged', 'An objection was lodged during the public notice.'),
  spec('ObjectionResolved', 'An objection was answered (upheld or not).'),
  spec('TitleConferred', 'A title was conferred (表彰/命名).'),
  spec('TitleReinspected', 'A title was re-inspected (复查).'),
  spec('TitleRemoved', 'A title was removed (摘牌), with the reason.'),
];
