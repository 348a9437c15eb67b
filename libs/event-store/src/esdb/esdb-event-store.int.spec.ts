import { randomUUID } from 'node:crypto';
import { describeIntegration } from '@chuangwen/testing';
import { eventStoreContract } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

/*
 * The unchanged contract on a real EventStoreDB/KurrentDB: ESDB_CONNECTION_STRING, else a
 * testcontainer where Docker exists, else one visible "skipped: <reason>" test
 * (REQUIRE_INTEGRATION=esdb makes that a failure). Streams carry a per-run prefix, so a shared server
 * needs no cleaning; "restart" is a new client on the same server.
 */
describeIntegration('esdb', 'EsdbEventStore on EventStoreDB', (url) => {
  const streamPrefix = `cw-test-${randomUUID().slice(0, 8)}-`;
  eventStoreContract('esdb', () => ({
    fresh: async () => new EsdbEventStore({ connectionString: url() }),
    reopen: async () => new EsdbEventStore({ connectionString: url() }),
    streamPrefix,
  }));
});
