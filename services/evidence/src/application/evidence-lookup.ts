import { evidenceStream, SHA256_HEX } from '@chuangwen/contracts';
import type { EvidenceLookup, EvidenceSummary, EvidenceUploaded, RecordedEvent } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';

/** Every upload of one file, from its stream (the record of what it is and for whom). */
export async function uploadsOf(store: EventStore, sha256: string): Promise<RecordedEvent<EvidenceUploaded>[]> {
  if (!SHA256_HEX.test(sha256)) return [];
  return (await store.readStream(evidenceStream(sha256))).filter(
    (e): e is RecordedEvent<EvidenceUploaded> => e.type === 'EvidenceUploaded',
  );
}

/**
 * EvidenceLookup on the event store: a file's stream says whether it was uploaded and for which
 * communities. Read from the stream, not a projection: a record referencing a photo uploaded a moment
 * ago never waits for a read model (and every process of the distributed mode has the store).
 */
export class EventStoreEvidenceLookup implements EvidenceLookup {
  constructor(private readonly store: EventStore) {}

  async find(sha256: string): Promise<EvidenceSummary | undefined> {
    const uploads = await uploadsOf(this.store, sha256);
    if (!uploads.length) return undefined;
    return { sha256, type: uploads[0].data.type, communities: [...new Set(uploads.map((u) => u.data.communityCode))] };
  }
}
