import { nameBasedId, standardStream } from '@chuangwen/contracts';
import type { Actor, EventToAppend } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { loadShippedStandards } from '@chuangwen/scoring-engine';

const SYSTEM: Actor = { id: 'platform', roles: ['system'], jurisdiction: '000000' };

/**
 * Publishes the standards shipped in standards/ (idempotent: fixed event ids), so a new platform
 * scores with them from the start. An office supersedes one by publishing a new version. A shipped
 * version is never changed in place: one already published is skipped, whatever its file says now.
 */
export async function publishShippedStandards(store: EventStore): Promise<number> {
  let appended = 0;
  // Versions in order: a stream takes version 2 only after version 1 (a correction ships as a new
  // file beside the version it corrects, which stays as published).
  const shipped = loadShippedStandards().sort((a, b) => (a.id === b.id ? a.version - b.version : a.id < b.id ? -1 : 1));
  for (const s of shipped) {
    const eventId = nameBasedId(`StandardPublished|v1|${s.id}@${s.version}`);
    const existing = await store.readStream(standardStream(s.id));
    if (existing.some((e) => e.eventId === eventId || (e.data as { version: number }).version === s.version)) continue;
    const event: EventToAppend = {
      eventId,
      type: 'StandardPublished',
      version: 1,
      data: {
        standardId: s.id,
        version: s.version,
        issuingAuthority: s.issuingAuthority,
        effectiveFrom: s.effectiveFrom,
        ...(s.effectiveTo ? { effectiveTo: s.effectiveTo } : {}),
        document: s,
      },
      metadata: {
        actor: SYSTEM,
        jurisdictionCode: s.issuingAuthority,
        occurredAt: `${s.effectiveFrom}T00:00:00+08:00`,
        correlationId: eventId,
        causationId: eventId,
      },
    };
    await store.append(standardStream(s.id), [event], {
      expectedRevision: existing.length ? existing[existing.length - 1].revision : 'no_stream',
    });
    appended++;
  }
  return appended;
}
