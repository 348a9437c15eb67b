import type { EscalationStep, InspectionEvidence, InspectionKind, ProblemSource } from '@chuangwen/contracts';

/** Commands are plain data: what is asked. Who asks, and when, travel in the decision context. */
type Cmd<T extends string, D> = { readonly type: T; readonly data: D };

export type ScheduleInspection = Cmd<
  'ScheduleInspection',
  { inspectionId: string; communityCode: string; kind: InspectionKind; plannedOn: string; inspectors: string[] }
>;
export type StartInspection = Cmd<'StartInspection', { inspectionId: string }>;
/** Points, or met / not met (full points or none); the standard defaults to the one in force. */
export type ScoreInspectionItem = Cmd<
  'ScoreInspectionItem',
  {
    inspectionId: string;
    indicatorId: string;
    standardId?: string;
    points?: number;
    met?: boolean;
    remark?: string;
    evidence?: InspectionEvidence[];
  }
>;
/** Facilities, bodies or documents found present or absent: one or many, recorded together or not at all. */
export type RecordFacilities = Cmd<
  'RecordFacilities',
  { inspectionId: string; facilities: { facility: string; present: boolean }[] }
>;
export type CompleteInspection = Cmd<'CompleteInspection', { inspectionId: string; summary?: string }>;
export type CancelInspection = Cmd<'CancelInspection', { inspectionId: string; reason: string }>;

export type InspectionCommand =
  ScheduleInspection | StartInspection | ScoreInspectionItem | RecordFacilities | CompleteInspection | CancelInspection;

export type RecordProblem = Cmd<
  'RecordProblem',
  {
    problemId: string;
    communityCode: string;
    category: string;
    description: string;
    source: ProblemSource;
    foundOn: string;
    location?: string;
    inspectionId?: string;
    evidence?: InspectionEvidence[];
  }
>;
export type IssueRectificationNotice = Cmd<
  'IssueRectificationNotice',
  { problemId: string; deadline: string; requirements: string; noticeNo?: string }
>;
export type SubmitRectification = Cmd<
  'SubmitRectification',
  { problemId: string; description: string; evidence: InspectionEvidence[] }
>;
export type VerifyRectification = Cmd<'VerifyRectification', { problemId: string }>;
export type RejectRectification = Cmd<'RejectRectification', { problemId: string; reason: string }>;
/** Sent by the overdue scheduler, never over HTTP. */
export type MarkRectificationOverdue = Cmd<'MarkRectificationOverdue', { problemId: string }>;

/** Sent by the escalation scheduler, never over HTTP: take the ladder's steps the days overdue have reached. */
export type EscalateRectification = Cmd<
  'EscalateRectification',
  { problemId: string; ladder: { ladderOf: string; steps: readonly EscalationStep[] } }
>;

export type ProblemCommand =
  | RecordProblem
  | IssueRectificationNotice
  | SubmitRectification
  | VerifyRectification
  | RejectRectification
  | MarkRectificationOverdue
  | EscalateRectification;

/** An office sets the escalation ladder for the communities below it. */
export type SetEscalationLadder = Cmd<'SetEscalationLadder', { jurisdictionCode: string; steps: EscalationStep[] }>;

export type RecordSurvey = Cmd<
  'RecordSurvey',
  {
    surveyId: string;
    communityCode: string;
    topic: string;
    sampleSize: number;
    positive: number;
    periodStart?: string;
    conductedOn: string;
  }
>;
export type SurveyCommand = RecordSurvey;

export type ReportIncident = Cmd<
  'ReportIncident',
  { incidentId: string; communityCode: string; kind: string; occurredOn: string; description: string }
>;
export type ConfirmIncident = Cmd<'ConfirmIncident', { incidentId: string }>;
export type DismissIncident = Cmd<'DismissIncident', { incidentId: string; reason: string }>;
export type IncidentCommand = ReportIncident | ConfirmIncident | DismissIncident;

export type InspectionsCommand = InspectionCommand | ProblemCommand | SurveyCommand | IncidentCommand;
