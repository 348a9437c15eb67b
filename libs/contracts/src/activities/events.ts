import type { DomainEvent } from '../envelope';
import type { ActivityKind, ActivityScale, EvidenceKind, FourIntoCommunityTheme } from './activity-kinds';

/** Stream of one activity: `activity-<activityId>`. */
export const activityStream = (activityId: string): string => `activity-${activityId}`;

export interface ActivityDetails {
  readonly activityId: string;
  readonly communityCode: string;
  readonly kind: ActivityKind;
  readonly title: string;
  readonly organiser: string;
  readonly scale: ActivityScale;
  /** For 四进社区: which of the four themes. */
  readonly theme?: FourIntoCommunityTheme;
}

/** v1: an activity was put on the community's calendar. */
export type ActivityPlanned = DomainEvent<
  'ActivityPlanned',
  ActivityDetails & { readonly plannedFor: string; readonly expectedParticipants?: number }
>;

/** v1: an activity took place. Counted by the scoring projections (by year of `heldAt`). */
export type ActivityHeld = DomainEvent<
  'ActivityHeld',
  ActivityDetails & {
    readonly heldAt: string;
    readonly participants: number;
    /** For publicity: banners, boards, leaflets handed out (seeds count them). */
    readonly publicityItems?: number;
  }
>;

/** v1: a planned activity was called off. */
export type ActivityCancelled = DomainEvent<
  'ActivityCancelled',
  { readonly activityId: string; readonly communityCode: string; readonly reason: string }
>;

export interface EvidenceReference {
  readonly kind: EvidenceKind;
  /** An opaque reference into the office's file store (photo id, document number, URL). */
  readonly ref: string;
  readonly description?: string;
}

/** v1: evidence (photos, sign-in sheets…) was attached; documents are filed by test item (seed 000, 甘肃). */
export type ActivityEvidenceAttached = DomainEvent<
  'ActivityEvidenceAttached',
  { readonly activityId: string; readonly communityCode: string; readonly evidence: readonly EvidenceReference[] }
>;

export type ActivityEvent = ActivityPlanned | ActivityHeld | ActivityCancelled | ActivityEvidenceAttached;

export const ACTIVITY_EVENT_TYPES = [
  'ActivityPlanned',
  'ActivityHeld',
  'ActivityCancelled',
  'ActivityEvidenceAttached',
] as const;
