import { join } from 'node:path';
import { EventStore } from '@chuangwen/event-store';
import { PostgresEventStore } from '@chuangwen/event-store/postgres';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';

/**
 * The event store the cross-process tests share. PostgreSQL when `POSTGRES_URL` is set — a database of
 * the run's own, created here and dropped by `dispose`, so the processes are truly apart (any host could
 * run them) — else one SQLite file in the run's directory (one host only). `E2E_EVENT_STORE=sqlite` or
 * `postgres` forces the choice.
 */
export interface E2eEventStore {
  readonly kind: 'postgres' | 'sqlite';
  /** The settings a child process needs to reach the store. */
  readonly env: Readonly<Record<string, string>>;
  /** A store on the same data, for the test itself (seeding, checks). */
  open(): EventStore;
  dispose(): Promise<void>;
}

export async function e2eEventStore(run: string, dir: string): Promise<E2eEventStore> {
  const url = process.env.POSTGRES_URL;
  const kind = process.env.E2E_EVENT_STORE ?? (url ? 'postgres' : 'sqlite');
  if (kind === 'sqlite') {
    const file = join(dir, 'events.db');
    return {
      kind,
      env: { EVENT_STORE: 'sqlite', EVENT_STORE_FILE: file },
      open: () => new SqliteEventStore({ file }),
      dispose: async () => undefined,
    };
  }
  if (kind !== 'postgres' || !url) throw new Error(`E2E_EVENT_STORE=${kind}: postgres needs POSTGRES_URL; else sqlite`);
  const database = run.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = async (sql: string) => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${database}`);
  const own = new URL(url);
  own.pathname = `/${database}`;
  const ownUrl = own.toString();
  return {
    kind,
    env: { EVENT_STORE: 'postgres', POSTGRES_URL: ownUrl },
    open: () => new PostgresEventStore({ connectionString: ownUrl }),
    dispose: () => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}
