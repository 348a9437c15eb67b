import { Inject, Injectable, Optional } from '@nestjs/common';
import { EVIDENCE_REF_PREFIX, notFound } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { EvidenceService, sniffMediaType } from '@chuangwen/evidence';
import { EVIDENCE_STORE, EvidenceStore } from '@chuangwen/evidence-store';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { RESIDENT_PHOTOS } from './reports.projection';
import type { ResidentPhotoDoc } from './reports.projection';

/**
 * Residents' photos go through the evidence context (content-addressed, EXIF read, flags) and come
 * back out only when a report names them: the public status page and Open311's media_url serve
 * those, nothing else of the store. Without an evidence module in the process, photos are refused.
 */
@Injectable()
export class ResidentPhotos {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Optional() private readonly evidence?: EvidenceService,
    @Optional() @Inject(EVIDENCE_STORE) private readonly store?: EvidenceStore,
  ) {}

  get available(): boolean {
    return !!this.evidence && !!this.store;
  }

  /** Stores a photo for a community; the answer's id (`sha256:<hex>`) goes in the report's media. */
  async upload(
    bytes: Buffer,
    communityCode: string,
    point: { lat?: number; long?: number },
    actor: Actor,
    correlationId: string,
  ): Promise<string> {
    if (!this.evidence) throw notFound('photos cannot be uploaded here: no evidence store in this process');
    const view = await this.evidence.upload(
      bytes,
      {
        community: communityCode,
        ...(point.lat !== undefined && point.long !== undefined ? { lat: point.lat, lng: point.long } : {}),
      },
      actor,
      correlationId,
    );
    return view.id;
  }

  /** The bytes of a photo a resident's report names, with their type; 404 for any other file. */
  async served(sha256: string): Promise<{ type: string; bytes: Buffer }> {
    const named = await this.reads.get<ResidentPhotoDoc>(RESIDENT_PHOTOS, sha256);
    const bytes = named && this.store ? await this.store.get(sha256) : undefined;
    if (!bytes) throw notFound(`no photo ${EVIDENCE_REF_PREFIX}${sha256} of a resident's report`);
    const sniffed = sniffMediaType(bytes);
    return { type: 'refused' in sniffed ? 'application/octet-stream' : sniffed.type, bytes };
  }
}
