/**
 * `npm run bench:event-store -- --appends=2000`: command-style appends (one event to its own stream,
 * expected revision `no_stream`) with 1, 8 and 32 concurrent writers, on PostgreSQL (POSTGRES_URL, a
 * scratch schema dropped at the end) and on a scratch SQLite file, and a live subscriber that must see
 * every event once: appends/s, the latency of an append, and the subscriber's delay to the last event.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import type { EventToAppend } from '@chuangwen/contracts';
import { EventStore } from '@chuangwen/event-store';
import { PostgresEventStore } from '@chuangwen/event-store/postgres';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const APPENDS = Number(arg('appends', '2000'));
const WRITERS = arg('writers', '1,8,32').split(',').map(Number);

const event = (i: number): EventToAppend => ({
  eventId: randomUUID(),
  type: 'ActivityHeld',
  version: 1,
  data: { communityCode: '620102001001', title: `活动 ${i}`, participants: i % 300, kind: 'moral_lecture' },
  metadata: {
    actor: { id: 'bench', roles: ['office'], jurisdiction: '620102' },
    jurisdictionCode: '620102001001',
    occurredAt: '2025-06-01T00:00:00.000Z',
    correlationId: 'bench',
    causationId: 'bench',
  },
});

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function run(name: string, store: EventStore, writers: number): Promise<string> {
  const start = await store.headPosition();
  let seen = 0;
  let lastSeenAt = 0;
  const sub = store.subscribeToAll({
    after: start,
    onEvents: (es) => {
      seen += es.length;
      lastSeenAt = Date.now();
    },
  });
  const latencies: number[] = [];
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < APPENDS) {
        const i = next++;
        const t = performance.now();
        await store.append(`bench-${randomUUID()}`, [event(i)], { expectedRevision: 'no_stream' });
        latencies.push(performance.now() - t);
      }
    }),
  );
  const written = Date.now();
  while (seen < APPENDS) await new Promise((r) => setTimeout(r, 5));
  await sub.stop();
  const s = (written - t0) / 1000;
  return `| ${name} | ${writers} | ${Math.round(APPENDS / s)} | ${pct(latencies, 50).toFixed(1)} | ${pct(latencies, 99).toFixed(1)} | ${Math.max(0, lastSeenAt - written)} | ${seen === APPENDS ? 'all, once' : `${seen} of ${APPENDS}`} |`;
}

async function main(): Promise<void> {
  const uptime = () => execSync('uptime').toString().trim();
  console.log(
    `${new Date().toISOString().slice(0, 10)}: ${APPENDS} appends per run; ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log(`uptime at start: ${uptime()}`);
  console.log(
    '| store | writers | appends/s | p50 ms | p99 ms | subscriber behind the last append, ms | delivered |\n|---|---|---|---|---|---|---|',
  );
  const url = process.env.POSTGRES_URL;
  if (url) {
    const schema = `cw_bench_${randomUUID().slice(0, 8)}`;
    const store = new PostgresEventStore({ connectionString: url, schema });
    try {
      for (const w of WRITERS) console.log(await run('PostgreSQL', store, w));
    } finally {
      const { Client } = await import('pg');
      const admin = new Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
      await store.close();
    }
  } else console.log('(no POSTGRES_URL: PostgreSQL not measured)');
  const dir = mkdtempSync(join(tmpdir(), 'cw-bench-es-'));
  const sqlite = new SqliteEventStore({ file: join(dir, 'events.db') });
  try {
    for (const w of WRITERS) console.log(await run('SQLite', sqlite, w));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`uptime at end: ${uptime()}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
