export interface EvidenceOptions {
  /** Largest file accepted (bytes): EVIDENCE_MAX_BYTES. */
  readonly maxBytes: number;
  /** Farther than this from the community's centre point, a capture is flagged (m): EVIDENCE_MAX_DISTANCE_M. */
  readonly maxDistanceMetres: number;
}

export const DEFAULT_EVIDENCE_OPTIONS: EvidenceOptions = { maxBytes: 10 * 1024 * 1024, maxDistanceMetres: 500 };

export const EVIDENCE_OPTIONS = Symbol('EvidenceOptions');
