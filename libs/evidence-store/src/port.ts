import { createHash } from 'node:crypto';

/** What the store knows of a file besides its bytes. */
export interface EvidenceStat {
  readonly sha256: string;
  readonly size: number;
}

/**
 * Content-addressed storage of evidence files: a file is put under the SHA-256 of its bytes and is
 * never altered afterwards. `put` checks the hash (a mismatch is refused, nothing stored) and is
 * idempotent: the same bytes again store nothing new (`created: false`).
 */
export interface EvidenceStore {
  put(sha256: string, bytes: Buffer): Promise<{ readonly created: boolean }>;
  get(sha256: string): Promise<Buffer | undefined>;
  exists(sha256: string): Promise<boolean>;
  stat(sha256: string): Promise<EvidenceStat | undefined>;
  /** Whether files can be stored now (for /health): throws with the reason when not. */
  health(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export const EVIDENCE_STORE = Symbol('EvidenceStore');

export const sha256Of = (bytes: Buffer | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const HEX = /^[0-9a-f]{64}$/;

/** Adapters call this first: a key that is not a lowercase hex SHA-256 never reaches a path or a query. */
export function assertSha256(sha256: string): void {
  if (!HEX.test(sha256)) throw new Error(`not a SHA-256 (64 lowercase hex digits): ${sha256.slice(0, 80)}`);
}

export class HashMismatchError extends Error {
  constructor(expected: string, actual: string) {
    super(`the bytes hash to ${actual}, not ${expected}`);
    this.name = 'HashMismatchError';
  }
}

export function assertHash(sha256: string, bytes: Buffer): void {
  assertSha256(sha256);
  const actual = sha256Of(bytes);
  if (actual !== sha256) throw new HashMismatchError(sha256, actual);
}
