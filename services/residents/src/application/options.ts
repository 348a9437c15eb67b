import type { DuplicatePolicy } from '../domain/duplicates';

export interface ResidentsOptions {
  /** Key of the HMAC that stands in for phone numbers, e-mails and device ids (ID_HASH_SECRET). */
  readonly contactKey: string;
  readonly duplicates: DuplicatePolicy;
  /** Days after its closing during which the reporter may reopen a report. */
  readonly reopenPeriodDays: number;
  /** Anonymous reports allowed per window, per client address and per device; 0 turns a limit off. */
  readonly limits: { readonly windowSeconds: number; readonly perClient: number; readonly perDevice: number };
}

export const RESIDENTS_OPTIONS = Symbol('ResidentsOptions');

export const DEFAULT_RESIDENTS_OPTIONS: ResidentsOptions = {
  contactKey: 'dev-only-contact-hash-key-change-me-0123456789',
  duplicates: { radiusMetres: 50, windowHours: 72 },
  reopenPeriodDays: 30,
  limits: { windowSeconds: 3600, perClient: 30, perDevice: 5 },
};
