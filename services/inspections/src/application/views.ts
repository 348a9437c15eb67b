import type { InspectionEvidence, InspectionKind, ProblemSource } from '@chuangwen/contracts';
import type { ReadDoc } from '@chuangwen/projections';

/** Read models of the inspections context (collection names are part of the public health output). */
export const INSPECTIONS = 'inspections';
export const RECTIFICATIONS = 'rectifications';
export const SURVEYS = 'surveys';
export const INCIDENTS = 'incidents';
export const RECTIFICATION_COUNTS = 'rectification_counts';
export const ESCALATIONS = 'escalations';
export const INSPECTION_STANDARDS = 'inspection_standards';

/** Every listed record knows its community's street and district, so lists work at those levels. */
export interface Placed extends ReadDoc {
  communityCode: string;
  streetCode: string;
  districtCode: string;
}

export interface InspectionView extends Placed {
  inspectionId: string;
  kind: InspectionKind;
  status: 'scheduled' | 'in_progress' | 'completed' | 'cancelled';
  plannedOn: string;
  inspectors: string[];
  startedOn?: string;
  completedOn?: string;
  summary?: string;
  cancelReason?: string;
  items: {
    standardId: string;
    indicatorId: string;
    points: number;
    remark?: string;
    evidence?: InspectionEvidence[];
    scoredOn: string;
  }[];
  facilities: { facility: string; present: boolean; recordedOn: string }[];
}

/** A problem found and the state of its rectification. */
export interface RectificationView extends Placed {
  problemId: string;
  category: string;
  description: string;
  source: ProblemSource;
  foundOn: string;
  location?: string;
  inspectionId?: string;
  evidence: InspectionEvidence[];
  status: 'open' | 'noticed' | 'submitted' | 'rejected' | 'verified';
  overdue: boolean;
  /** Noticed and neither verified nor yet marked overdue: what the overdue scheduler watches. */
  watch: boolean;
  deadline?: string;
  requirements?: string;
  noticeNo?: string;
  issuedOn?: string;
  submissions: { description: string; evidence: InspectionEvidence[]; submittedOn: string }[];
  rejections: { reason: string; rejectedOn: string }[];
  verifiedOn?: string;
  /** The escalation steps taken (督办), in order; absent before the first. */
  escalations?: EscalationEntry[];
  /** Rank of the last step taken (0 or absent: none). */
  escalatedStep?: number;
}

export interface EscalationEntry {
  step: number;
  level: string;
  notifiedCode: string;
  daysOverdue: number;
  supervised: boolean;
  bulletin: boolean;
  ladderOf: string;
  at: string;
}

/** One escalated rectification on the 督办 lists: the offices notified, open until verified. */
export interface EscalationView extends Placed {
  problemId: string;
  category: string;
  deadline: string;
  open: boolean;
  /** The last step taken. */
  step: number;
  level: string;
  notifiedCode: string;
  daysOverdue: number;
  escalatedAt: string;
  /** On a 督办 list (some step said so), and counted in a bulletin: from which month (China time). */
  supervised: boolean;
  bulletin: boolean;
  bulletinMonth?: string;
  steps: EscalationEntry[];
  verifiedOn?: string;
}

export interface SurveyView extends Placed {
  surveyId: string;
  topic: string;
  sampleSize: number;
  positive: number;
  rate: number;
  smallSample: boolean;
  conductedOn: string;
}

export interface IncidentView extends Placed {
  incidentId: string;
  kind: string;
  status: 'reported' | 'confirmed' | 'dismissed';
  occurredOn: string;
  description: string;
  dismissReason?: string;
}

/** Counts of problems at a community, or summed over the communities below a street, district …. */
export interface RectificationCounts {
  /** Problems ever recorded. */
  recorded: number;
  /** Not yet verified (a problem with no notice yet counts). */
  open: number;
  /** Open and past their deadline. */
  overdue: number;
  /** Submitted, awaiting verification. */
  awaitingVerification: number;
  verified: number;
}

export const STRIP = <T extends ReadDoc>({ _id, _pos, _lanes, ...view }: T) => view;
