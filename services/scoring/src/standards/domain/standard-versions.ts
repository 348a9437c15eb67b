import { conflict, forbidden, invalid, isWithin } from '@chuangwen/contracts';
import type { StandardPublished } from '@chuangwen/contracts';
import { validateStandard } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';

/** The versions of one standard published so far (stream `standard-<id>`). */
export interface StandardVersions {
  readonly versions: readonly { version: number; effectiveFrom: string }[];
  /** The authority that issued the first version: every later version is its too. */
  readonly issuer?: string;
}

export interface PublishStandard {
  readonly type: 'PublishStandard';
  /** `publisher`: the jurisdiction of the office publishing it (the token's). */
  readonly data: { document: unknown; publisher: string };
}

export const initialVersions = (): StandardVersions => ({ versions: [] });

export const evolveVersions = (state: StandardVersions, e: StandardPublished): StandardVersions => ({
  versions: [...state.versions, { version: e.data.version, effectiveFrom: e.data.effectiveFrom }],
  issuer: state.issuer ?? e.data.issuingAuthority,
});

export class InvalidStandardError extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(`the standard is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
}

/**
 * A version is published once and never changed; versions go up, and a new one starts after the
 * one it supersedes (the engine then scores with it from its effectiveFrom). A standard belongs to
 * its issuer: a new version keeps it, and only an office at or above it publishes (otherwise an
 * office could take over another authority's standard, and from its start date its communities).
 */
export function decidePublish(command: PublishStandard, state: StandardVersions): StandardPublished[] {
  const result = validateStandard(command.data.document);
  if (!result.ok) throw new InvalidStandardError(result.errors);
  const s: Standard = result.standard;
  const issuer = state.issuer ?? s.issuingAuthority;
  if (!isWithin(issuer, command.data.publisher))
    throw forbidden(
      `standard ${s.id} is issued by ${issuer}: only an office of ${issuer} or above publishes its versions`,
    );
  if (s.issuingAuthority !== issuer) {
    throw conflict(
      `standard ${s.id} is issued by ${issuer}; a new version keeps its issuer (publish your own standard under another id)`,
      { field: 'issuingAuthority' },
    );
  }
  if (state.versions.some((v) => v.version === s.version))
    throw conflict(`standard ${s.id} version ${s.version} is already published; publish a new version`);
  const latest = state.versions[state.versions.length - 1];
  if (latest && s.version < latest.version)
    throw conflict(`standard ${s.id} is at version ${latest.version}; a new version must be higher`);
  if (latest && s.effectiveFrom <= latest.effectiveFrom) {
    throw invalid(`version ${s.version} must take effect after version ${latest.version} (${latest.effectiveFrom})`, {
      field: 'effectiveFrom',
    });
  }
  return [
    {
      type: 'StandardPublished',
      version: 1,
      data: {
        standardId: s.id,
        version: s.version,
        issuingAuthority: s.issuingAuthority,
        effectiveFrom: s.effectiveFrom,
        ...(s.effectiveTo ? { effectiveTo: s.effectiveTo } : {}),
        document: s as unknown as Record<string, unknown>,
      },
    },
  ];
}
