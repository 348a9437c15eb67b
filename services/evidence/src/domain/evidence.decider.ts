import { forbidden, isWithin } from '@chuangwen/contracts';
import type { Actor, EvidenceEvent, EvidenceMediaType, EvidenceUploaded, GeoPoint } from '@chuangwen/contracts';
import { evidenceFlags, FlagInput } from './flags';

type Upload = EvidenceUploaded['data'];

/** Plain data: a file (already hashed and typed) uploaded for a community, with what the client says. */
export interface UploadEvidence {
  readonly type: 'UploadEvidence';
  readonly data: {
    readonly sha256: string;
    readonly size: number;
    readonly mediaType: EvidenceMediaType;
    readonly capturedAt: string | null;
    readonly capturedAtSource: Upload['capturedAtSource'];
    readonly location: GeoPoint | null;
    readonly locationSource: Upload['locationSource'];
    readonly communityCode: string;
    readonly inspectionId?: string;
    readonly problemId?: string;
  };
}

/** Who uploads and when, and the facts the flags are checked against (read by the handler). */
export interface EvidenceContext extends Pick<FlagInput, 'inspection' | 'communityLocation' | 'maxDistanceMetres'> {
  readonly actor: Actor;
  readonly now: Date;
}

/** One file's stream: every upload of these bytes (for one community and context each). */
export interface Evidence {
  readonly uploads: readonly Upload[];
}

export const initialEvidence = (): Evidence => ({ uploads: [] });

export function evolveEvidence(state: Evidence, e: EvidenceEvent): Evidence {
  return e.type === 'EvidenceUploaded' ? { uploads: [...state.uploads, e.data] } : state;
}

const sameContext = (u: Upload, d: UploadEvidence['data']) =>
  u.communityCode === d.communityCode && u.inspectionId === d.inspectionId && u.problemId === d.problemId;

/** The upload a command amounts to: the earlier one of the same context, if any. */
export const uploadFor = (state: Evidence, d: UploadEvidence['data']): Upload | undefined =>
  state.uploads.find((u) => sameContext(u, d));

/**
 * The same bytes for the same community and context again: nothing new (the first record stands,
 * so a resent upload from an offline queue doubles nothing). For another community or context, a new
 * upload of the same file (one file, several records pointing at it).
 */
export function decideEvidence(command: UploadEvidence, state: Evidence, ctx: EvidenceContext): EvidenceEvent[] {
  const d = command.data;
  if (!isWithin(d.communityCode, ctx.actor.jurisdiction))
    throw forbidden(`community ${d.communityCode} is outside your jurisdiction ${ctx.actor.jurisdiction}`, {
      field: 'community',
    });
  if (uploadFor(state, d)) return [];
  const flags = evidenceFlags({
    capturedAt: d.capturedAt,
    location: d.location,
    inspection: ctx.inspection,
    communityLocation: ctx.communityLocation,
    maxDistanceMetres: ctx.maxDistanceMetres,
  });
  const data: Upload = {
    sha256: d.sha256,
    size: d.size,
    type: d.mediaType,
    capturedAt: d.capturedAt,
    capturedAtSource: d.capturedAtSource,
    location: d.location,
    locationSource: d.locationSource,
    uploader: ctx.actor.id,
    uploadedAt: ctx.now.toISOString(),
    communityCode: d.communityCode,
    ...(d.inspectionId ? { inspectionId: d.inspectionId } : {}),
    ...(d.problemId ? { problemId: d.problemId } : {}),
    flags,
  };
  return [{ type: 'EvidenceUploaded', version: 1, data }];
}

export const evidenceDecider = (ctx: EvidenceContext) => ({
  initialState: initialEvidence,
  evolve: evolveEvidence,
  decide: (command: UploadEvidence, state: Evidence) => decideEvidence(command, state, ctx),
});
