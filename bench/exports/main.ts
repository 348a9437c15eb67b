/**
 * `npm run bench:exports -- --events=1000000`: fills a scratch SQLite event store with a mix of
 * events, then exports them as CSV and as NDJSON (filtered by type and jurisdiction too), measuring
 * throughput and the process's resident memory while it streams: memory must not grow with the range.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EventToAppend } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { progressBar } from '@chuangwen/projections';
import { exportEvents, EventFilter } from '@chuangwen/analytics';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const TYPES = ['ActivityHeld', 'SurveyRecorded', 'ProblemRecorded', 'InspectionItemScored', 'ServiceRecorded'];
const mb = (bytes: number) => Math.round(bytes / 1048576);

function event(i: number): EventToAppend {
  const community = `6201${String(2 + (i % 7)).padStart(2, '0')}${String(1 + (i % 20)).padStart(3, '0')}${String(1 + (i % 30)).padStart(3, '0')}`;
  return {
    eventId: randomUUID(),
    type: TYPES[i % TYPES.length],
    version: 1,
    data: { communityCode: community, title: `第${i}号 记录, "样例"`, participants: i % 300, kind: 'moral_lecture' },
    metadata: {
      actor: { id: 'bench', roles: ['system'], jurisdiction: '000000' },
      jurisdictionCode: community,
      occurredAt: new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000).toISOString(),
      correlationId: 'bench',
      causationId: 'bench',
    },
  };
}

async function fill(store: SqliteEventStore, total: number): Promise<void> {
  const bar = progressBar('fill');
  const batch = 1000;
  for (let i = 0; i < total; i += batch) {
    const n = Math.min(batch, total - i);
    await store.append(
      `bench-${i / batch}`,
      Array.from({ length: n }, (_, k) => event(i + k)),
      { expectedRevision: 'no_stream' },
    );
    bar(i + n, total);
  }
}

async function measure(store: SqliteEventStore, label: string, format: 'csv' | 'ndjson', filter: EventFilter) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const quartiles: Record<string, number> = {};
  let exported = 0;
  let scanned = 0;
  let bytes = 0;
  const bar = progressBar(label.padEnd(24));
  const started = Date.now();
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((bytes += chunk.length), done()) });
  const chunks = exportEvents(store, {
    format,
    filter,
    pageSize: 2000,
    onProgress: (p) => {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      // RSS at each quarter of the range: flat from the first quarter on means memory does not grow with the range.
      const quarter = `${Math.min(4, Math.floor((4 * p.position) / Math.max(1, p.head)))}/4`;
      quartiles[quarter] ??= mb(rss);
      exported = p.exported;
      scanned = p.scanned;
      bar(p.position, p.head, `${p.exported} exported`);
    },
  });
  await pipeline(Readable.from(chunks), sink);
  const seconds = (Date.now() - started) / 1000;
  return {
    label,
    scanned,
    exported,
    seconds: +seconds.toFixed(1),
    scannedPerSecond: Math.round(scanned / seconds),
    megabytes: mb(bytes),
    rssBeforeMB: mb(before),
    rssPeakMB: mb(peak),
    rssByQuarterMB: quartiles,
  };
}

async function main(): Promise<void> {
  const total = +arg('events', '1000000');
  const dir = arg('data', join('bench', '.data', 'exports'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = new SqliteEventStore({ file: join(dir, 'events.db') });
  try {
    await fill(store, total);
    const runs = [
      await measure(store, 'csv, everything', 'csv', {}),
      await measure(store, 'ndjson, everything', 'ndjson', {}),
      await measure(store, 'ndjson, 1 type, 1 district', 'ndjson', { types: ['ActivityHeld'], jurisdiction: '620102' }),
    ];
    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: {
            cpu: cpus()[0]?.model,
            cores: cpus().length,
            memoryGB: Math.round(totalmem() / 2 ** 30),
            node: process.version,
          },
          events: total,
          runs,
        },
        null,
        2,
      ),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
