import type { DomainEvent } from '../envelope';

/**
 * Evidence (photos and documents) behind the `{ kind, ref }` references of records: content-addressed,
 * `ref` = `sha256:<64 lowercase hex>`. The bytes live in an evidence store; the facts about them
 * (who uploaded what, when and where it was captured, what looked wrong) are these events.
 */
export const EVIDENCE_REF_PREFIX = 'sha256:';
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const EVIDENCE_REF = /^sha256:[0-9a-f]{64}$/;

/** The media types accepted, each recognised from the file's first bytes (never its name). */
export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/heic', 'application/pdf'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** One stream per file: a second upload of the same bytes for another community appends there. */
export const evidenceStream = (sha256: string) => `evidence-${sha256}`;

export interface GeoPoint {
  /** WGS-84 decimal degrees. */
  readonly lat: number;
  readonly lng: number;
}

/**
 * Something the platform noticed and says rather than accepts silently: `captured_before_inspection`,
 * `far_from_community`, `community_location_unknown`, `no_capture_time`, `no_location`.
 */
export interface EvidenceFlag {
  readonly code: string;
  readonly message: string;
}

/** v1: a file was uploaded to the evidence store for a community (and, optionally, an inspection or problem). */
export type EvidenceUploaded = DomainEvent<
  'EvidenceUploaded',
  {
    readonly sha256: string;
    readonly size: number;
    readonly type: EvidenceMediaType;
    /** When the photo was taken: the client's instant, else EXIF's; null when neither says. */
    readonly capturedAt: string | null;
    readonly capturedAtSource: 'client' | 'exif' | 'none';
    readonly location: GeoPoint | null;
    readonly locationSource: 'client' | 'exif' | 'none';
    /** The uploader's subject id (from the token). */
    readonly uploader: string;
    readonly uploadedAt: string;
    readonly communityCode: string;
    readonly inspectionId?: string;
    readonly problemId?: string;
    readonly flags: readonly EvidenceFlag[];
  }
>;

export type EvidenceEvent = EvidenceUploaded;
