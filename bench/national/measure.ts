import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { eventStoreSource, ProjectionRunner } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { scoringProjection } from '@chuangwen/scoring';
import { DAYS, loadCommunities, WINDOW_START } from './generate';
import type { BenchOptions } from './options';
import { eventsFile } from './prepare';
import { measureQueries, QueryResults } from './queries';
import { IncrementalResult, measureIncremental, measureRebuild, readFile, RebuildResult } from './rebuild';
import { memory } from './stats';

export interface Measurements {
  readonly rebuild: RebuildResult;
  readonly incremental: IncrementalResult;
  readonly queries: QueryResults;
  readonly peakRssMiB: number;
}

export const measurementsFile = (data: string) => join(data, 'measurements.json');

/**
 * The measuring phase, in its own process so that its peak RSS (VmHWM) is the projection's and
 * the queries', not the generator's: rebuild, incremental updates, query latencies, baseline.
 */
export async function measure(o: BenchOptions, log: (line: string) => void): Promise<void> {
  const end = new Date(WINDOW_START + DAYS * 86_400_000);
  const events = new SqliteEventStore({ file: eventsFile(o.data), now: () => end });
  const clock = { now: () => end };
  try {
    const {
      result: rebuild,
      runner,
      reads,
    } = o.skipRebuild ? await reuseRebuild(events, o.data) : await measureRebuild(events, o.data, o.batch, o.window);
    // Loaded after the rebuild: 620k committees in this thread's heap are no part of a rebuild's work.
    const communities = await loadCommunities(o.region);
    log(
      `rebuild${o.skipRebuild ? ' (of the previous run)' : ''}: ${rebuild.events} events in ${rebuild.seconds} s = ${rebuild.eventsPerSecond} ev/s, peak RSS ${rebuild.peakRssMiB} MiB, read model ${rebuild.readModelMiB} MiB`,
    );
    const incremental = await measureIncremental(events, runner, communities, o.incremental, o.seed);
    log(
      `incremental: p50 ${incremental.apply.p50} ms, p99 ${incremental.apply.p99} ms, ${incremental.documentsTouched.mean} documents per event`,
    );
    await runner.stop();
    const queries = await measureQueries(reads, eventsFile(o.data), clock, communities, o, log);
    log(
      `queries: scorecard p99 ${queries.scorecard.p99} ms, district ranking p99 ${queries.districtRanking.p99} ms, top 100 p99 ${queries.nationalTop100.p99} ms; baseline p99 ${queries.baselineIndexed.p99} ms (indexed), ${queries.baselineScan.p99} ms (scan)`,
    );
    await reads.close();
    const m: Measurements = { rebuild, incremental, queries, peakRssMiB: memory().peakRssMiB };
    writeFileSync(measurementsFile(o.data), JSON.stringify(m, null, 2));
  } finally {
    await events.close();
  }
}

/** The read store of the previous run, caught up; its rebuild figures as they were measured then. */
async function reuseRebuild(events: SqliteEventStore, data: string) {
  const previous = JSON.parse(readFileSync(measurementsFile(data), 'utf8')) as Measurements;
  const reads = new SqliteReadStore(readFile(data));
  const runner = new ProjectionRunner(scoringProjection(), eventStoreSource(events), reads);
  await runner.start();
  await runner.waitForCatchUp(600_000);
  return { result: { ...previous.rebuild, reused: true }, runner, reads };
}
