import { invalid } from '../domain-error';
import { isWithin } from '../jurisdiction-codes';
import { EVIDENCE_REF, EVIDENCE_REF_PREFIX } from './events';
import type { EvidenceLookup } from './lookup';

/**
 * Checks every `sha256:` reference of a record's evidence: the file was uploaded, for a community at
 * or below the record's (a street's photo may back a community's record only if uploaded for it).
 * Other references (`photo-0601-1`, links, GPS points) are left as they are: older clients send them.
 * A bad one is a 422 naming the field, e.g. `evidence.1.ref`.
 */
export async function assertEvidenceRefs(
  evidence: readonly { kind: string; ref: string }[] | undefined,
  communityCode: string,
  lookup: EvidenceLookup,
  field = 'evidence',
): Promise<void> {
  for (const [i, item] of (evidence ?? []).entries()) {
    if (!item.ref.startsWith(EVIDENCE_REF_PREFIX)) continue;
    const path = `${field}.${i}.ref`;
    if (!EVIDENCE_REF.test(item.ref))
      throw invalid(`${path}: ${item.ref} is not sha256:<64 lowercase hex digits>`, { field: path });
    const found = await lookup.find(item.ref.slice(EVIDENCE_REF_PREFIX.length));
    if (!found)
      throw invalid(`${path}: no evidence ${item.ref} was uploaded (POST /api/evidence first)`, { field: path });
    if (!found.communities.some((c) => isWithin(c, communityCode))) {
      throw invalid(
        `${path}: evidence ${item.ref} was uploaded for ${found.communities.join(', ')}, not for ${communityCode}`,
        { field: path },
      );
    }
  }
}
