import type { DomainEvent } from '../envelope';

/** A resident's report lives in its own stream; its id is also the id of the problem it becomes. */
export const residentReportStream = (reportId: string) => `resident-report-${reportId}`;
/** The Open311 keys of one jurisdiction's client systems (a 12345 platform …) share a stream per key. */
export const open311KeyStream = (keyId: string) => `open311-key-${keyId}`;

/** Where a report came in: the anonymous public page (随手拍) or an Open311 client system. */
export type ResidentReportChannel = 'public_page' | 'open311';

/**
 * What is kept of a resident's contact details: never the clear value. The hash (HMAC-SHA256 with
 * the platform's ID_HASH_SECRET) finds the same person again; the masked form is for display.
 */
export interface ResidentContact {
  readonly phoneHash?: string;
  /** `138****5678` */
  readonly phoneMasked?: string;
  readonly emailHash?: string;
  /** `z***@example.cn` */
  readonly emailMasked?: string;
  /** The family name's first character and a star per further character: `张*`. */
  readonly nameMasked?: string;
}

/**
 * v1: a resident reported a problem (随手拍, an Open311 client such as a 12345 platform). It counts
 * nowhere until an office or street accepts it (立案): no score, no roll-up, no rectification.
 */
export type ResidentReportSubmitted = DomainEvent<
  'ResidentReportSubmitted',
  {
    readonly reportId: string;
    /** The short code the resident follows the report with (the status page). */
    readonly trackingCode: string;
    readonly communityCode: string;
    /** A problem category (PROBLEM_CATEGORIES): the Open311 service_code. */
    readonly category: string;
    readonly description: string;
    readonly channel: ResidentReportChannel;
    /** The Open311 key (its id) the client system called with. */
    readonly clientKeyId?: string;
    /** WGS 84 degrees, as the phone or the client sent them. */
    readonly lat?: number;
    readonly long?: number;
    readonly addressString?: string;
    /** Photos: URLs given by the client, or evidence-store ids (`sha256:<hex>`). */
    readonly media: readonly string[];
    readonly contact?: ResidentContact;
    /** HMAC of the device id (public page) or the Open311 device_id: the abuse limit's and the reopen's key. */
    readonly deviceHash?: string;
    /** SHA-256 of the reopen secret handed to the reporter once; the secret itself is kept nowhere. */
    readonly reopenSecretHash: string;
    /** An open report of the same category close by and recent: this one is linked to it, not a second problem. */
    readonly duplicateOf?: string;
    /** ISO 8601 instant the platform received it. */
    readonly submittedAt: string;
  }
>;

/** v1: an office or street accepted the report (立案): it is now the problem `problemId` in inspections. */
export type ResidentReportAccepted = DomainEvent<
  'ResidentReportAccepted',
  {
    readonly reportId: string;
    readonly communityCode: string;
    readonly category: string;
    /** The problem recorded in inspections (source `resident`); the report's id for the first acceptance. */
    readonly problemId: string;
    /** 1 for the first acceptance, 2 after one reopen … */
    readonly round: number;
    readonly acceptedBy: string;
    readonly note?: string;
  }
>;

/** v1: the report was not accepted (no problem there, outside the platform's remit, abuse …). */
export type ResidentReportRejected = DomainEvent<
  'ResidentReportRejected',
  {
    readonly reportId: string;
    readonly communityCode: string;
    readonly category: string;
    readonly reason: string;
    readonly rejectedBy: string;
  }
>;

/**
 * v1: the reporter says a report closed as rectified is not fixed ("closed, not fixed"). It goes back
 * to the office to be accepted again, as a new round; counted per street.
 */
export type ResidentReportReopened = DomainEvent<
  'ResidentReportReopened',
  {
    readonly reportId: string;
    readonly communityCode: string;
    readonly category: string;
    /** The problem that was closed. */
    readonly problemId: string;
    readonly reason: string;
    /** When it had been closed (the verification day, China time). */
    readonly closedOn: string;
  }
>;

/** v1: an office issued an Open311 api_key to a client system; only the key's hash is kept. */
export type Open311KeyIssued = DomainEvent<
  'Open311KeyIssued',
  {
    readonly keyId: string;
    /** The jurisdiction the key reaches (a district, street or community code). */
    readonly jurisdiction: string;
    readonly clientName: string;
    /** SHA-256 (hex) of the key; the key is shown once to the office and kept nowhere. */
    readonly keyHash: string;
    readonly issuedBy: string;
  }
>;

/** v1: the key was revoked: requests with it are refused from then on. */
export type Open311KeyRevoked = DomainEvent<
  'Open311KeyRevoked',
  { readonly keyId: string; readonly jurisdiction: string; readonly revokedBy: string }
>;

export type ResidentReportEvent =
  ResidentReportSubmitted | ResidentReportAccepted | ResidentReportRejected | ResidentReportReopened;
export type Open311KeyEvent = Open311KeyIssued | Open311KeyRevoked;
export type ResidentsEvent = ResidentReportEvent | Open311KeyEvent;
