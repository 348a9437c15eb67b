import type { DomainEvent } from '../envelope';
import type { InspectionFactEvent } from './events';

/**
 * Lifecycle events of the inspections context: inspections scheduled, started and completed;
 * problems' rectification notices (整改通知书), submissions and rejections. They carry the
 * supervision's history; the scoring facts come from the fact events in ./events.
 */
type Day = string; // 'YYYY-MM-DD', China time

/** Streams, one per aggregate. */
export const inspectionStream = (inspectionId: string) => `inspection-${inspectionId}`;
export const problemStream = (problemId: string) => `problem-${problemId}`;
export const surveyStream = (surveyId: string) => `survey-${surveyId}`;
export const incidentStream = (incidentId: string) => `incident-${incidentId}`;

/** The four methods of the seeds (实地考察, 暗访, 材料审核, 听取汇报); surveys are their own record. */
export const INSPECTION_KINDS = ['field_inspection', 'unannounced_visit', 'document_review', 'report_hearing'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** Who found a problem: an inspector, the grid-management system (网格化), or a resident's report. */
export const PROBLEM_SOURCES = ['inspector', 'grid', 'resident'] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

/** Evidence of inspections: the activities' kinds plus a GPS point (`ref` = "lat,lng", WGS-84). */
export const INSPECTION_EVIDENCE_KINDS = ['photo', 'video', 'document', 'sign_in_sheet', 'link', 'gps_point'] as const;
export interface InspectionEvidence {
  readonly kind: (typeof INSPECTION_EVIDENCE_KINDS)[number];
  readonly ref: string;
  readonly description?: string;
}

/** v1: an inspection of a community was put on the calendar (暗访 too: the community is not told). */
export type InspectionScheduled = DomainEvent<
  'InspectionScheduled',
  {
    readonly inspectionId: string;
    readonly communityCode: string;
    readonly kind: InspectionKind;
    readonly plannedOn: Day;
    readonly inspectors: readonly string[];
  }
>;

/** v1: the inspectors arrived (or opened the file): items may be scored from now on. */
export type InspectionStarted = DomainEvent<
  'InspectionStarted',
  { readonly inspectionId: string; readonly communityCode: string; readonly startedOn: Day }
>;

/** v1: the inspection is closed; nothing more can be scored in it. */
export type InspectionCompleted = DomainEvent<
  'InspectionCompleted',
  {
    readonly inspectionId: string;
    readonly communityCode: string;
    readonly completedOn: Day;
    readonly itemsScored: number;
    readonly summary?: string;
  }
>;

/** v1: a scheduled inspection was called off before it started. */
export type InspectionCancelled = DomainEvent<
  'InspectionCancelled',
  { readonly inspectionId: string; readonly communityCode: string; readonly reason: string }
>;

/** v1: where a problem was found, what shows it, and the inspection that found it (with ProblemRecorded). */
export type ProblemEvidenceAttached = DomainEvent<
  'ProblemEvidenceAttached',
  {
    readonly problemId: string;
    readonly communityCode: string;
    readonly location?: string;
    readonly inspectionId?: string;
    readonly evidence: readonly InspectionEvidence[];
  }
>;

/** v1: a rectification notice (整改通知书) was issued: fix it by the deadline (限期整改), China day inclusive. */
export type RectificationNoticeIssued = DomainEvent<
  'RectificationNoticeIssued',
  {
    readonly problemId: string;
    readonly communityCode: string;
    readonly category: string;
    readonly deadline: Day;
    readonly requirements: string;
    readonly issuedOn: Day;
    readonly noticeNo?: string;
  }
>;

/** v1: the community reported the problem fixed, with evidence; it awaits verification. */
export type RectificationSubmitted = DomainEvent<
  'RectificationSubmitted',
  {
    readonly problemId: string;
    readonly communityCode: string;
    readonly category: string;
    readonly description: string;
    readonly evidence: readonly InspectionEvidence[];
    readonly submittedOn: Day;
  }
>;

/** v1: verification found the rectification insufficient: back to the community, with the reason. */
export type RectificationRejected = DomainEvent<
  'RectificationRejected',
  {
    readonly problemId: string;
    readonly communityCode: string;
    readonly category: string;
    readonly reason: string;
    readonly rejectedOn: Day;
  }
>;

/** The office levels an escalation can reach, by the community's code. */
export const ESCALATION_LEVELS = ['street', 'district', 'city'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** One step of an escalation ladder (督办): so many whole days overdue → that office is notified. */
export interface EscalationStep {
  readonly afterDays: number;
  readonly level: EscalationLevel;
  /** Listed on that office's 督办 list (挂账) until verified. */
  readonly supervised: boolean;
  /** Counted in the monthly bulletin (督查通报). */
  readonly bulletin: boolean;
}

/** Stream of the ladder an office (street, district, city) set for the communities below it. */
export const escalationLadderStream = (jurisdictionCode: string) => `escalation-ladder-${jurisdictionCode}`;

/** v1: an office set its escalation ladder for the overdue rectifications below it (replaces the previous one). */
export type EscalationLadderSet = DomainEvent<
  'EscalationLadderSet',
  { readonly jurisdictionCode: string; readonly steps: readonly EscalationStep[]; readonly setOn: Day }
>;

/**
 * v1: an overdue rectification reached a step of its ladder: `notifiedCode` (the office at `level`)
 * is notified; emitted once per step by the escalation scheduler on the platform's clock.
 */
export type RectificationEscalated = DomainEvent<
  'RectificationEscalated',
  {
    readonly problemId: string;
    readonly communityCode: string;
    readonly category: string;
    /** 1-based rank of the step in the ladder applied. */
    readonly step: number;
    readonly level: EscalationLevel;
    readonly notifiedCode: string;
    readonly daysOverdue: number;
    readonly deadline: Day;
    readonly supervised: boolean;
    readonly bulletin: boolean;
    /** The jurisdiction whose ladder applied ('000000': the platform's default ladder). */
    readonly ladderOf: string;
    readonly at: string;
  }
>;

export type InspectionLifecycleEvent =
  | InspectionScheduled
  | InspectionStarted
  | InspectionCompleted
  | InspectionCancelled
  | ProblemEvidenceAttached
  | RectificationNoticeIssued
  | RectificationSubmitted
  | RectificationRejected
  | RectificationEscalated;

/** An office's configuration of escalation: not about one community, so not in InspectionsEvent. */
export type EscalationConfigEvent = EscalationLadderSet;

/** Everything the inspections context appends (besides EscalationConfigEvent and EvidenceUploaded). */
export type InspectionsEvent = InspectionFactEvent | InspectionLifecycleEvent;
