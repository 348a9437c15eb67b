import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { progressBar } from '@chuangwen/projections';
import { activityTalliesProjection, scoringProjection, SCORING_PROJECTION } from '@chuangwen/scoring';
import { factEvents, toAppend } from '@chuangwen/scoring/testing';
import { topicsFor } from '../../services/platform/src/distributed/distributed-infrastructure.module';
import { Cluster } from './cluster';
import { randomFacts } from './mongo-throughput';

export interface CatchUpResult {
  /** Messages on the scorecards projection's topics (the backlog, the registry, the standards). */
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** The activity tallies (the scoring process's other projection), over their own topic. */
  readonly tallies: { events: number; seconds: number };
}

/** Appends about `events` fact events for the region's communities (a year of activities, surveys…). */
export async function writeBacklog(cluster: Cluster, events: number): Promise<number> {
  const store = new SqliteEventStore({ file: cluster.eventsFile });
  try {
    const communities = (await store.readAll({ after: -1, maxCount: 1_000_000 }))
      .filter((e) => e.type === 'JurisdictionRegistered' && (e.data as { level: string }).level === 'community')
      .map((e) => (e.data as { code: string }).code);
    const bar = progressBar('backlog into the event store');
    let written = 0;
    // A few hundred events per append: the backlog is the measurement's input, not its subject.
    for (let i = 0; written < events; i += 50) {
      const code = communities[(i / 50) % communities.length];
      const batch = Array.from({ length: 50 }, (_, j) => factEvents(code, randomFacts(i + j)))
        .flat()
        .map((e) => toAppend(e, code));
      await store.append(`facts-${code}-${i}`, batch, { expectedRevision: 'no_stream' });
      written += batch.length;
      bar(Math.min(written, events), events);
    }
    return written;
  } finally {
    await store.close();
  }
}

/**
 * Catch-up: with the backlog already published by the relay, a scoring process starts on empty read
 * models; the time from its first healthy answer until its scorecards group has committed every
 * message (consumer lag 0), and the events per second that makes.
 */
export async function measureCatchUp(cluster: Cluster, options: { activitiesPort: number }): Promise<CatchUpResult> {
  const head = await headOf(cluster);
  const relayed = progressBar('relay publishes the backlog');
  for (;;) {
    const position = await relayPosition(options.activitiesPort);
    relayed(Math.max(0, position + 1), head + 1);
    if (position >= head) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const scorecards = {
    group: cluster.group('scoring', SCORING_PROJECTION),
    topics: topicsFor(scoringProjection(), cluster.prefix),
  };
  const tallies = {
    group: cluster.group('scoring', activityTalliesProjection.name),
    topics: topicsFor(activityTalliesProjection, cluster.prefix),
  };
  const [events, tallyEvents] = [await cluster.bus.size(scorecards.topics), await cluster.bus.size(tallies.topics)];
  await cluster.start('scoring');
  const started = Date.now();
  const bar = progressBar('scoring catches up');
  let talliesDone: number | undefined;
  for (;;) {
    const lag = await cluster.bus.lag(scorecards.group, scorecards.topics);
    if (talliesDone === undefined && (await cluster.bus.lag(tallies.group, tallies.topics)) === 0)
      talliesDone = Date.now();
    const s = (Date.now() - started) / 1000;
    bar(events - lag, events, `${Math.round((events - lag) / Math.max(s, 0.001))} ev/s`);
    if (lag === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = (Date.now() - started) / 1000;
  return {
    events,
    seconds,
    eventsPerSecond: Math.round(events / seconds),
    tallies: { events: tallyEvents, seconds: ((talliesDone ?? Date.now()) - started) / 1000 },
  };
}

async function headOf(cluster: Cluster): Promise<number> {
  const store = new SqliteEventStore({ file: cluster.eventsFile });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

async function relayPosition(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/health`);
  const body = (await res.json()) as { connections?: { name: string; position?: number }[] };
  return body.connections?.find((c) => c.name === 'relay')?.position ?? -1;
}
