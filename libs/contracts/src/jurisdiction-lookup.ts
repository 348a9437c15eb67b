import type { JurisdictionLevel } from './jurisdiction-codes';

/** What services ask of the jurisdiction registry: does a code exist, what is it called, where is it. */
export interface JurisdictionSummary {
  readonly code: string;
  readonly name: string;
  readonly level: JurisdictionLevel;
  readonly parentCode: string | null;
}

export interface JurisdictionLookup {
  find(code: string): Promise<JurisdictionSummary | undefined>;
}

export const JURISDICTION_LOOKUP = Symbol('JurisdictionLookup');
