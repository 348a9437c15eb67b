import type { EventStore } from '@chuangwen/event-store';
import type { EventSource } from './event-source';

/** The embedded mode's source: the event store's own global log and catch-up subscription. */
export const eventStoreSource = (store: EventStore): EventSource => ({
  subscribe: (o) => store.subscribeToAll(o),
  readAll: (o) => store.readAll(o),
  readHistory: (o) => store.readHistory(o),
  headPosition: () => store.headPosition(),
  // Positions are the log's sequence, so the distance to the head is the count of events behind.
  async behind(after) {
    const head = await store.headPosition();
    if (head <= after) return { events: 0 };
    const [next] = await store.readAll({ after, maxCount: 1 });
    return { events: head - after, oldestRecordedAt: next?.recordedAt };
  },
});
