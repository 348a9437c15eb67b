import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  communityLocationStream,
  EVIDENCE_REF_PREFIX,
  evidenceStream,
  forbidden,
  inspectionStream,
  invalid,
  isWithin,
  JURISDICTION_LOOKUP,
  notFound,
  problemStream,
} from '@chuangwen/contracts';
import type {
  Actor,
  Clock,
  CommunityLocationSet,
  EvidenceEvent,
  EvidenceUploaded,
  GeoPoint,
  JurisdictionLookup,
  RecordedEvent,
} from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { handleCommand } from '@chuangwen/commanding';
import { EVIDENCE_STORE, EvidenceStore, sha256Of } from '@chuangwen/evidence-store';
import { evidenceDecider, uploadFor, UploadEvidence } from '../domain/evidence.decider';
import { sniffMediaType } from '../domain/media-type';
import { captureFacts } from './exif';
import { uploadsOf } from './evidence-lookup';
import { EVIDENCE_OPTIONS, EvidenceOptions } from './options';
import { thumbnailOf } from './thumbnail';

type Upload = EvidenceUploaded['data'];

/** What the client says beside the file (all checked by the DTO first). */
export interface UploadRequest {
  readonly community: string;
  readonly capturedAt?: string;
  readonly lat?: number;
  readonly lng?: number;
  readonly inspectionId?: string;
  readonly problemId?: string;
}

/** An upload as clients read it. */
export interface EvidenceView {
  readonly id: string;
  readonly sha256: string;
  readonly size: number;
  readonly type: string;
  readonly capturedAt: string | null;
  readonly capturedAtSource: Upload['capturedAtSource'];
  readonly location: GeoPoint | null;
  readonly locationSource: Upload['locationSource'];
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly community: string;
  readonly inspectionId?: string;
  readonly problemId?: string;
  readonly url: string;
  readonly thumbnail: string;
  readonly flags: Upload['flags'];
}

export const evidenceView = (u: Upload): EvidenceView => ({
  id: `${EVIDENCE_REF_PREFIX}${u.sha256}`,
  sha256: u.sha256,
  size: u.size,
  type: u.type,
  capturedAt: u.capturedAt,
  capturedAtSource: u.capturedAtSource,
  location: u.location,
  locationSource: u.locationSource,
  uploadedBy: u.uploader,
  uploadedAt: u.uploadedAt,
  community: u.communityCode,
  ...(u.inspectionId ? { inspectionId: u.inspectionId } : {}),
  ...(u.problemId ? { problemId: u.problemId } : {}),
  url: `/api/evidence/${u.sha256}`,
  thumbnail: `/api/evidence/${u.sha256}/thumbnail`,
  flags: u.flags,
});

/**
 * Uploads and reads of evidence. The bytes go to the store first, then the event: an event never
 * points at missing bytes (a crash in between leaves a file no record names, which a retry reuses).
 */
@Injectable()
export class EvidenceService {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(EVIDENCE_STORE) private readonly files: EvidenceStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
    @Inject(EVIDENCE_OPTIONS) private readonly options: EvidenceOptions,
  ) {}

  async upload(
    bytes: Buffer,
    req: UploadRequest,
    actor: Actor,
    correlationId: string,
  ): Promise<EvidenceView & { duplicate: boolean }> {
    const sniffed = sniffMediaType(bytes);
    if ('refused' in sniffed)
      throw invalid(
        `file: ${sniffed.refused}; accepted are JPEG, PNG, HEIC and PDF (recognised from the bytes, not the name)`,
        { field: 'file' },
      );
    if (!isWithin(req.community, actor.jurisdiction))
      throw forbidden(`community ${req.community} is outside your jurisdiction ${actor.jurisdiction}`, {
        field: 'community',
      });
    const node = await this.jurisdictions.find(req.community);
    if (!node) throw invalid(`community ${req.community} is not in the jurisdiction registry`, { field: 'community' });
    if (node.level !== 'community')
      throw invalid(`${req.community} is a ${node.level}, not a community committee`, { field: 'community' });
    const inspection = req.inspectionId ? await this.inspection(req.inspectionId, req.community) : undefined;
    if (req.problemId) await this.assertProblem(req.problemId, req.community);

    const exif = await captureFacts(bytes, sniffed.type);
    const clientPoint = req.lat !== undefined && req.lng !== undefined ? { lat: req.lat, lng: req.lng } : null;
    const sha256 = sha256Of(bytes);
    const command: UploadEvidence = {
      type: 'UploadEvidence',
      data: {
        sha256,
        size: bytes.length,
        mediaType: sniffed.type,
        capturedAt: req.capturedAt ?? exif.capturedAt,
        capturedAtSource: req.capturedAt ? 'client' : exif.capturedAt ? 'exif' : 'none',
        location: clientPoint ?? exif.location,
        locationSource: clientPoint ? 'client' : exif.location ? 'exif' : 'none',
        communityCode: req.community,
        ...(req.inspectionId ? { inspectionId: req.inspectionId } : {}),
        ...(req.problemId ? { problemId: req.problemId } : {}),
      },
    };
    await this.files.put(sha256, bytes);
    const now = this.clock.now();
    const decider = evidenceDecider({
      actor,
      now,
      inspection,
      communityLocation: await this.communityLocation(req.community),
      maxDistanceMetres: this.options.maxDistanceMetres,
    });
    const result = await handleCommand(
      this.events,
      evidenceStream(sha256),
      decider,
      command,
      { actor, correlationId, now },
      {
        jurisdictionOf: (e: EvidenceEvent) => e.data.communityCode,
      },
    );
    const upload =
      result.events[0]?.data ??
      uploadFor({ uploads: (await uploadsOf(this.events, sha256)).map((e) => e.data) }, command.data);
    if (!upload) throw new Error(`evidence ${sha256}: no upload after the command`); // cannot happen: decided or found
    return { ...evidenceView(upload), duplicate: result.events.length === 0 };
  }

  /** The uploads of a file the actor may see (its community in their scope); 404 unknown, 403 none in scope. */
  async readable(sha256: string, actor: Actor): Promise<Upload[]> {
    const uploads = (await uploadsOf(this.events, sha256)).map((e) => e.data);
    if (!uploads.length) throw notFound(`no evidence sha256:${sha256}`);
    const mine = uploads.filter((u) => isWithin(u.communityCode, actor.jurisdiction));
    if (!mine.length)
      throw forbidden(
        `evidence sha256:${sha256} belongs to ${[...new Set(uploads.map((u) => u.communityCode))].join(', ')}, outside your jurisdiction ${actor.jurisdiction}`,
      );
    return mine;
  }

  async bytes(sha256: string, actor: Actor): Promise<{ type: string; bytes: Buffer }> {
    const [first] = await this.readable(sha256, actor);
    const bytes = await this.files.get(sha256);
    if (!bytes) throw notFound(`evidence sha256:${sha256} is recorded but its file is missing from the store`);
    return { type: first.type, bytes };
  }

  async thumbnail(sha256: string, actor: Actor): Promise<Buffer> {
    const { type, bytes } = await this.bytes(sha256, actor);
    return thumbnailOf(bytes, type as Upload['type']);
  }

  /** The record, and the proof: the stored bytes hashed again now. */
  async record(sha256: string, actor: Actor) {
    const uploads = await this.readable(sha256, actor);
    const bytes = await this.files.get(sha256);
    const rehashed = bytes ? sha256Of(bytes) : null;
    return {
      ...evidenceView(uploads[0]),
      uploads: uploads.map(evidenceView),
      verified: rehashed === sha256,
      verification: {
        algorithm: 'SHA-256',
        recorded: sha256,
        stored: rehashed,
        storedSize: bytes?.length ?? null,
        checkedAt: this.clock.now().toISOString(),
      },
    };
  }

  private async inspection(
    inspectionId: string,
    community: string,
  ): Promise<{ inspectionId: string; startedAt?: string }> {
    const stream = await this.events.readStream(inspectionStream(inspectionId));
    if (!stream.length) throw invalid(`no inspection ${inspectionId}`, { field: 'inspectionId' });
    const scheduled = stream[0].data as { communityCode?: string };
    if (scheduled.communityCode !== community)
      throw invalid(`inspection ${inspectionId} is of community ${scheduled.communityCode}, not ${community}`, {
        field: 'inspectionId',
      });
    const started = stream.find((e) => e.type === 'InspectionStarted');
    return started ? { inspectionId, startedAt: started.metadata.occurredAt } : { inspectionId };
  }

  private async assertProblem(problemId: string, community: string): Promise<void> {
    const stream = await this.events.readStream(problemStream(problemId));
    if (!stream.length) throw invalid(`no problem ${problemId}`, { field: 'problemId' });
    const recorded = (stream.find((e) => e.type === 'ProblemRecorded') ?? stream[0]).data as { communityCode?: string };
    if (recorded.communityCode !== community)
      throw invalid(`problem ${problemId} is of community ${recorded.communityCode}, not ${community}`, {
        field: 'problemId',
      });
  }

  private async communityLocation(code: string): Promise<GeoPoint | undefined> {
    const stream = (await this.events.readStream(
      communityLocationStream(code),
    )) as RecordedEvent<CommunityLocationSet>[];
    const last = stream.filter((e) => e.type === 'CommunityLocationSet').pop();
    return last ? { lat: last.data.lat, lng: last.data.lng } : undefined;
  }
}
