import type { DomainEvent } from '../envelope';

/**
 * Events of the inspections context: what inspectors, surveys and supervision establish about a
 * community. Vocabularies (survey topics, facility ids, problem categories, incident kinds) are the
 * scoring engine's catalogs (`libs/scoring-engine/src/catalogs.ts`): ids are added, never renamed.
 * Every event names its community so projections need no lookup.
 */
type Day = string; // 'YYYY-MM-DD', China time

/** v1 of SurveyRecorded (stored events may still carry it; readers receive v2 through the upcaster). */
export type SurveyRecordedV1 = DomainEvent<
  'SurveyRecorded',
  {
    readonly surveyId: string;
    readonly communityCode: string;
    readonly topic: string;
    readonly sampleSize: number;
    readonly positive: number;
    /** positive / sampleSize, rounded to four decimals. */
    readonly rate: number;
    /** Below the minimum sample a rate is not trusted (flagged, still recorded). */
    readonly smallSample: boolean;
    readonly conductedOn: Day;
  }
>;

/**
 * v2: a questionnaire or sample check (问卷调查/抽查) on one topic, over a period; the rate is
 * computed, never typed. Adds `periodStart` (v1 knew only the closing day: upcast as a one-day period).
 */
export type SurveyRecorded = DomainEvent<
  'SurveyRecorded',
  SurveyRecordedV1['data'] & {
    /** First day of the survey period; `conductedOn` is its last (standards date surveys by it). */
    readonly periodStart: Day;
  }
>;

/** v1: an inspector scored one indicator of a standard (field inspection, document review, hearing). */
export type InspectionItemScored = DomainEvent<
  'InspectionItemScored',
  {
    readonly inspectionId: string;
    readonly communityCode: string;
    readonly standardId: string;
    readonly indicatorId: string;
    readonly points: number;
    readonly remark?: string;
    readonly evidence?: readonly { kind: string; ref: string; description?: string }[];
    readonly scoredOn: Day;
  }
>;

/** v1: a facility, body or document was found present (or absent) by a review or inspection. */
export type FacilityRecorded = DomainEvent<
  'FacilityRecorded',
  {
    readonly communityCode: string;
    readonly facility: string;
    readonly present: boolean;
    readonly recordedOn: Day;
    readonly inspectionId?: string;
  }
>;

/** v1: a problem was found (卫生死角, 乱贴乱画 …) by an inspector, the grid system or a resident. */
export type ProblemRecorded = DomainEvent<
  'ProblemRecorded',
  {
    readonly problemId: string;
    readonly communityCode: string;
    readonly category: string;
    readonly description: string;
    readonly source: 'inspector' | 'grid' | 'resident';
    readonly foundOn: Day;
  }
>;

/** v1: the rectification deadline of a problem passed without a verified rectification. */
export type RectificationOverdue = DomainEvent<
  'RectificationOverdue',
  { readonly problemId: string; readonly communityCode: string; readonly category: string; readonly deadline: Day }
>;

/** v1: a rectification was verified: the problem is closed. */
export type RectificationVerified = DomainEvent<
  'RectificationVerified',
  {
    readonly problemId: string;
    readonly communityCode: string;
    readonly category: string;
    readonly wasOverdue: boolean;
    readonly verifiedOn: Day;
  }
>;

/** v1: an incident of a veto kind (一票否决) was reported; it costs nothing until confirmed. */
export type IncidentReported = DomainEvent<
  'IncidentReported',
  {
    readonly incidentId: string;
    readonly communityCode: string;
    readonly kind: string;
    readonly occurredOn: Day;
    readonly description: string;
  }
>;

/** v1: the civilization office confirmed an incident: it vetoes for the standard's look-back window. */
export type IncidentConfirmed = DomainEvent<
  'IncidentConfirmed',
  { readonly incidentId: string; readonly communityCode: string; readonly kind: string; readonly occurredOn: Day }
>;

/** v1: a reported incident was dismissed (or a confirmed one cleared on review). */
export type IncidentDismissed = DomainEvent<
  'IncidentDismissed',
  { readonly incidentId: string; readonly communityCode: string; readonly kind: string; readonly reason: string }
>;

/** v1: an indicator does not apply to a community, explained in writing (甘肃 细则: 书面说明). */
export type IndicatorDeclaredNotApplicable = DomainEvent<
  'IndicatorDeclaredNotApplicable',
  {
    readonly communityCode: string;
    readonly standardId: string;
    readonly indicatorId: string;
    readonly explanation: string;
  }
>;

export type InspectionFactEvent =
  | SurveyRecorded
  | InspectionItemScored
  | FacilityRecorded
  | ProblemRecorded
  | RectificationOverdue
  | RectificationVerified
  | IncidentReported
  | IncidentConfirmed
  | IncidentDismissed
  | IndicatorDeclaredNotApplicable;
