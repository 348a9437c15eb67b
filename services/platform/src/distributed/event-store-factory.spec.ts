import { loadSettings, SettingsError } from '@chuangwen/config';
import { EsdbEventStore } from '@chuangwen/event-store/esdb';
import { PostgresEventStore } from '@chuangwen/event-store/postgres';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { EventStoreSettings } from './distributed.settings';
import { openEventStore } from './event-store-factory';

describe('the distributed event store setting', () => {
  it('needs an esdb:// connection string for EventStoreDB (the default)', () => {
    expect(() => loadSettings(EventStoreSettings, {})).toThrow(SettingsError);
    expect(() => loadSettings(EventStoreSettings, { ESDB_CONNECTION_STRING: 'http://localhost:2113' })).toThrow(
      /ESDB_CONNECTION_STRING must be an esdb/,
    );
  });

  it('opens the EventStoreDB adapter on esdb:// and kurrentdb:// strings, without connecting yet', async () => {
    for (const url of ['esdb://localhost:2113?tls=false', 'kurrentdb://localhost:2113?tls=false']) {
      const store = openEventStore(loadSettings(EventStoreSettings, { ESDB_CONNECTION_STRING: url }));
      expect(store).toBeInstanceOf(EsdbEventStore);
      await store.close();
    }
  });

  it('opens the PostgreSQL adapter on a postgres:// URL naming a database, without connecting yet', async () => {
    for (const url of [
      'postgres://cw:secret@db.internal:5432/chuangwen',
      'postgresql://cw@127.0.0.1/events?sslmode=require',
    ]) {
      const store = openEventStore(loadSettings(EventStoreSettings, { EVENT_STORE: 'postgres', POSTGRES_URL: url }));
      expect(store).toBeInstanceOf(PostgresEventStore);
      await store.close();
    }
    expect(() => loadSettings(EventStoreSettings, { EVENT_STORE: 'postgres' })).toThrow(
      /POSTGRES_URL must be a postgres:\/\//,
    );
    expect(() =>
      loadSettings(EventStoreSettings, { EVENT_STORE: 'postgres', POSTGRES_URL: 'postgres://db.internal:5432' }),
    ).toThrow(/POSTGRES_URL/);
    expect(() => loadSettings(EventStoreSettings, { EVENT_STORE: 'mysql' })).toThrow(
      /EVENT_STORE must be esdb, postgres or sqlite/,
    );
  });

  it('opens a shared SQLite file when EVENT_STORE=sqlite', async () => {
    const store = openEventStore(
      loadSettings(EventStoreSettings, { EVENT_STORE: 'sqlite', EVENT_STORE_FILE: ':memory:' }),
    );
    expect(store).toBeInstanceOf(SqliteEventStore);
    await store.close();
  });
});
