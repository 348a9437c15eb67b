import { EventStore } from '@chuangwen/event-store';
import { EsdbEventStore } from '@chuangwen/event-store/esdb';
import { PostgresEventStore } from '@chuangwen/event-store/postgres';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import type { EventStoreSettings } from './distributed.settings';

/** The configured event store: EventStoreDB/KurrentDB or PostgreSQL for a cluster, or a SQLite file shared on one host. */
export function openEventStore(settings: EventStoreSettings): EventStore {
  if (settings.EVENT_STORE === 'sqlite')
    return new SqliteEventStore({ file: settings.EVENT_STORE_FILE, pollIntervalMs: 100 });
  // Both connect lazily: a server that is down shows on /health and in the first call, not here.
  if (settings.EVENT_STORE === 'postgres') return new PostgresEventStore({ connectionString: settings.POSTGRES_URL });
  return new EsdbEventStore({ connectionString: settings.ESDB_CONNECTION_STRING });
}
