import type { DomainEvent } from '../envelope';

/** Stream of one standard's versions: `standard-<standardId>`. */
export const standardStream = (standardId: string): string => `standard-${standardId}`;

/**
 * v1: an evaluation standard version was published. `document` is the whole standard as validated
 * against docs/standard.schema.json; a published (id, version) never changes.
 */
export type StandardPublished = DomainEvent<
  'StandardPublished',
  {
    readonly standardId: string;
    readonly version: number;
    readonly issuingAuthority: string;
    readonly effectiveFrom: string;
    readonly effectiveTo?: string;
    readonly document: Record<string, unknown>;
  }
>;

/** Stream of one day of the evaluation calendar: `evaluation-day-<YYYY-MM-DD>` (China days). */
export const evaluationDayStream = (day: string): string => `evaluation-day-${day}`;

/**
 * v1: a new China day began for evaluation. Figures that depend on the date — yearly activity
 * counts, veto look-back windows, overdue deadlines, standards coming into force — are evaluated
 * again at it, so stored roll-ups and rankings never lag the calendar (appended once a day).
 */
export type EvaluationDayBegan = DomainEvent<'EvaluationDayBegan', { readonly day: string }>;

export type StandardsEvent = StandardPublished | EvaluationDayBegan;
