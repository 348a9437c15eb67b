import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { describeIntegration } from '@chuangwen/testing';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

/*
 * The unchanged contract on a real PostgreSQL: POSTGRES_URL (deploy/local/postgres/start.sh, .ci/run),
 * else a testcontainer where Docker exists, else one visible "skipped: <reason>" test
 * (REQUIRE_INTEGRATION=postgres makes that a failure). Each test gets a schema of its own, dropped at
 * the end, so a shared server needs no cleaning; "restart" is a new store on the same schema.
 */
describeIntegration('postgres', 'PostgresEventStore on PostgreSQL', (url) => {
  const run = `cw_test_${randomUUID().slice(0, 8)}`;
  const schemas: string[] = [];
  let schema = '';
  const open = () => new PostgresEventStore({ connectionString: url(), schema, pollIntervalMs: 100 });

  eventStoreContract('postgres', () => ({
    fresh: async () => {
      schema = `${run}_${schemas.length}`;
      schemas.push(schema);
      return open();
    },
    reopen: async () => open(),
  }));

  afterAll(async () => {
    const admin = new Client({ connectionString: url() });
    await admin.connect();
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });
});
