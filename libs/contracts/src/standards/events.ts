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

export type StandardsEvent = StandardPublished;
