import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { eventStoreSource, progressBar, ProjectionRunner, rebuildProgress } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { scoringProjection } from '@chuangwen/scoring';
import { DAYS, FactLogGenerator, type Community } from './generate';
import { latency, Latency, memory, timed } from './stats';

export interface RebuildResult {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly peakRssMiB: number;
  readonly readModelMiB: number;
  readonly collections: Record<string, { rows: number; MiB: number }>;
  /** Taken over from the previous run of the same data (--skip-rebuild). */
  readonly reused?: boolean;
}

export interface IncrementalResult {
  readonly events: number;
  readonly apply: Latency;
  readonly documentsTouched: { mean: number; max: number };
}

export const readFile = (data: string) => join(data, 'read.db');

/** The scoring projection rebuilt from an empty read store over the whole log. */
export async function measureRebuild(
  events: SqliteEventStore,
  data: string,
  batchSize: number,
  rebuildWindow: number,
): Promise<{ result: RebuildResult; runner: ProjectionRunner; reads: SqliteReadStore }> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(readFile(data) + suffix, { force: true });
  const reads = new SqliteReadStore(readFile(data));
  const runner = new ProjectionRunner(scoringProjection(), eventStoreSource(events), reads, {
    batchSize,
    rebuildWindow,
  });
  const progress = rebuildProgress('rebuild scoring projection', () => `rss ${memory().rssMiB} MiB`);
  const total = (await events.headPosition()) + 1;
  const [ms] = await timed(() => runner.rebuild(progress));
  const seconds = ms / 1000;
  const { collections, MiB } = sizes(readFile(data));
  return {
    result: {
      events: total,
      seconds: round1(seconds),
      eventsPerSecond: Math.round(total / seconds),
      peakRssMiB: memory().peakRssMiB,
      readModelMiB: MiB,
      collections,
    },
    runner,
    reads,
  };
}

/** Size of the read store on disk after a checkpoint of its WAL, and per collection (dbstat). */
function sizes(file: string): { collections: Record<string, { rows: number; MiB: number }>; MiB: number } {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const collections: Record<string, { rows: number; MiB: number }> = {};
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_%'")
      .all();
    for (const { name } of tables) {
      const bytes = db
        .prepare<[string, string], { b: number }>(
          "SELECT SUM(pgsize) AS b FROM dbstat WHERE name = ? OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?)",
        )
        .get(name, name)!.b;
      const rows = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${name}`).get()!.n;
      collections[name.slice(3)] = { rows, MiB: round1(bytes / 2 ** 20) };
    }
    return { collections, MiB: round1(statSync(file).size / 2 ** 20) };
  } finally {
    db.close();
  }
}

/**
 * Single events appended at the live end, one at a time, each waited for: the time from append to
 * the projection's commit, and how many read-model documents each changed.
 */
export async function measureIncremental(
  events: SqliteEventStore,
  runner: ProjectionRunner,
  communities: readonly Community[],
  n: number,
  seed: number,
): Promise<IncrementalResult> {
  const touched = new Map<number, number>();
  const off = runner.onChange((c) => touched.set(c.position, c.changed.length));
  const planned = new FactLogGenerator(communities, seed ^ (await events.headPosition()))
    .day(DAYS - 1, n)
    .filter((p) => p.expectedRevision !== 0 && p.expectedRevision !== 1);
  const ms: number[] = [];
  const docs: number[] = [];
  const bar = progressBar('incremental single events');
  for (const p of planned) {
    const [t] = await timed(async () => {
      const { position } = await events.append(p.streamId, [p.event], { expectedRevision: p.expectedRevision });
      await runner.waitFor(position);
      docs.push(touched.get(position) ?? 0);
    });
    ms.push(t);
    bar(ms.length, planned.length);
  }
  off();
  return {
    events: ms.length,
    apply: latency(ms),
    documentsTouched: { mean: round1(docs.reduce((a, b) => a + b, 0) / docs.length), max: Math.max(...docs) },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
