import type { ActivityDetails, EvidenceReference } from '@chuangwen/contracts';

/** Commands are plain data: what is asked, not who asked (that travels in the CommandContext). */
type ActivityBasics = ActivityDetails;

/** Record an activity that took place (directly, without planning it first). */
export interface RecordActivity {
  readonly type: 'RecordActivity';
  readonly data: ActivityBasics & {
    heldAt: string;
    participants: number;
    publicityItems?: number;
    evidence?: EvidenceReference[];
  };
}

export interface PlanActivity {
  readonly type: 'PlanActivity';
  readonly data: ActivityBasics & { plannedFor: string; expectedParticipants?: number };
}

/** A planned activity took place. */
export interface MarkActivityHeld {
  readonly type: 'MarkActivityHeld';
  readonly data: { activityId: string; heldAt: string; participants: number; publicityItems?: number };
}

export interface CancelActivity {
  readonly type: 'CancelActivity';
  readonly data: { activityId: string; reason: string };
}

export interface AttachEvidence {
  readonly type: 'AttachEvidence';
  readonly data: { activityId: string; evidence: EvidenceReference[] };
}

export type ActivityCommand = RecordActivity | PlanActivity | MarkActivityHeld | CancelActivity | AttachEvidence;
