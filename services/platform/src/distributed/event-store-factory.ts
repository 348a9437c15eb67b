import { EsdbEventStore, EventStore, SqliteEventStore } from '@chuangwen/event-store';
import type { EventStoreSettings } from './distributed.settings';

/** The configured event store: EventStoreDB/KurrentDB in a cluster, or a SQLite file shared on one host. */
export function openEventStore(settings: EventStoreSettings): EventStore {
  if (settings.EVENT_STORE === 'sqlite') return new SqliteEventStore({ file: settings.EVENT_STORE_FILE, pollIntervalMs: 100 });
  // The gRPC client connects lazily: a server that is down shows on /health and in the first call, not here.
  return new EsdbEventStore({ connectionString: settings.ESDB_CONNECTION_STRING });
}
