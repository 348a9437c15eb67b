import { COMMUNITIES, CommunityDoc } from '@chuangwen/scoring';
import type { ReadStore } from '@chuangwen/read-store';

/** What the load posts: one kind of activity, so its count in the facts is the count posted. */
export const ACTIVITY = { kind: 'culture_sports', scale: 'ordinary', heldAt: '2025-05-20T09:00:00+08:00' } as const;
const KEY = `${ACTIVITY.kind}|${ACTIVITY.scale}|2025`;

/**
 * What a score shows of the activities posted, per community: the held count in the facts the
 * scorecards projection stored, the facts GET /api/scores/{code} evaluates its scorecard from (the
 * unit of work that stores them also re-scores the community and its roll-ups). Read from the
 * scoring process's read models, not per community over HTTP: polling the API for every pending
 * community would load the machine more than the load itself.
 */
export async function scoredActivities(reads: ReadStore, codes: readonly string[]): Promise<Map<string, number>> {
  // In chunks the adapter fetches by id (FerretDB answers a long `$in` by reading every document).
  const chunks = Array.from({ length: Math.ceil(codes.length / 32) }, (_, i) => codes.slice(i * 32, i * 32 + 32));
  const docs = (await Promise.all(chunks.map((c) => reads.getMany<CommunityDoc>(COMMUNITIES, c)))).flat();
  return new Map(docs.map((d) => [d.code, d.facts?.activities?.[KEY] ?? 0]));
}
