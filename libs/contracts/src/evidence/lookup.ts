/** What records ask of the evidence store's facts: does `sha256:<hex>` exist, and for which communities. */
export interface EvidenceSummary {
  readonly sha256: string;
  readonly type: string;
  /** Every community it was uploaded for; readable by whoever may read one of them. */
  readonly communities: readonly string[];
}

export interface EvidenceLookup {
  find(sha256: string): Promise<EvidenceSummary | undefined>;
}

export const EVIDENCE_LOOKUP = Symbol('EvidenceLookup');
