import type { EventStore } from '@chuangwen/event-store';
import type { EventSource } from './event-source';

/** The embedded mode's source: the event store's own global log and catch-up subscription. */
export const eventStoreSource = (store: EventStore): EventSource => ({
  subscribe: (o) => store.subscribeToAll(o),
  readAll: (o) => store.readAll(o),
  readHistory: (o) => store.readHistory(o),
  headPosition: () => store.headPosition(),
});
