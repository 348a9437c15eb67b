import { EventStore, SqliteEventStore } from '@chuangwen/event-store';
import type { EventStoreSettings } from './distributed.settings';

/** The configured event store: EventStoreDB in a cluster, or a SQLite file shared on one host. */
export function openEventStore(settings: EventStoreSettings): EventStore {
  if (settings.EVENT_STORE === 'sqlite') return new SqliteEventStore({ file: settings.EVENT_STORE_FILE, pollIntervalMs: 100 });
  throw new Error('EVENT_STORE=esdb: the EventStoreDB adapter is wired in event-store-factory.ts');
}
