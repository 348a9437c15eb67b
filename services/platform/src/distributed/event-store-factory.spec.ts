import { loadSettings, SettingsError } from '@chuangwen/config';
import { EsdbEventStore, SqliteEventStore } from '@chuangwen/event-store';
import { EventStoreSettings } from './distributed.settings';
import { openEventStore } from './event-store-factory';

describe('the distributed event store setting', () => {
  it('needs an esdb:// connection string for EventStoreDB (the default)', () => {
    expect(() => loadSettings(EventStoreSettings, {})).toThrow(SettingsError);
    expect(() => loadSettings(EventStoreSettings, { ESDB_CONNECTION_STRING: 'http://localhost:2113' })).toThrow(/ESDB_CONNECTION_STRING must be an esdb/);
  });

  it('opens the EventStoreDB adapter on esdb:// and kurrentdb:// strings, without connecting yet', async () => {
    for (const url of ['esdb://localhost:2113?tls=false', 'kurrentdb://localhost:2113?tls=false']) {
      const store = openEventStore(loadSettings(EventStoreSettings, { ESDB_CONNECTION_STRING: url }));
      expect(store).toBeInstanceOf(EsdbEventStore);
      await store.close();
    }
  });

  it('opens a shared SQLite file when EVENT_STORE=sqlite', async () => {
    const store = openEventStore(loadSettings(EventStoreSettings, { EVENT_STORE: 'sqlite', EVENT_STORE_FILE: ':memory:' }));
    expect(store).toBeInstanceOf(SqliteEventStore);
    await store.close();
  });
});
