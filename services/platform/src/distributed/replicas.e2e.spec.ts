import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { EventStore } from '@chuangwen/event-store';
import { seedRegion } from '@chuangwen/jurisdictions';
import { KafkaBus } from '@chuangwen/messaging/kafka';
import { eventStoreSource, ProjectionRunner } from '@chuangwen/projections';
import { MongoReadStore } from '@chuangwen/read-store/mongo';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import type { ReadDoc, ReadStore } from '@chuangwen/read-store';
import {
  ACTIVITY_TALLIES,
  activityTalliesProjection,
  scoringProjection,
  SCORING_COLLECTIONS,
} from '@chuangwen/scoring';
import { factEvents, toAppend } from '@chuangwen/scoring/testing';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import { describeIntegration } from '@chuangwen/testing';
import { e2eEventStore, E2eEventStore } from './e2e-event-store';
import { topicsFor } from './distributed-infrastructure.module';
import {
  PlatformProcess,
  productionTopics,
  ROOT,
  startPlatformProcess,
  stopPlatformProcess,
} from '../testing/platform-process';

const DISTRICT = '620102'; // 城关区, 兰州市: 181 committees in 28 streets under the shipped 甘肃 standard
/** The collections scoring replicas write: every document of them is compared with a rebuild. */
const COLLECTIONS = [...SCORING_COLLECTIONS.map((c) => c.name), ACTIVITY_TALLIES];

/** A varied community (seeded by `i`): activities of several kinds and years, surveys, facilities, problems, incidents. */
function facts(i: number, rnd: () => number): CommunityFacts {
  const n = (k: number) => Math.floor(rnd() * k);
  const kinds = ['culture_sports', 'moral_lecture', 'festival', 'citizen_school', 'legal_education'];
  const activities: Record<string, number> = {};
  for (let k = 0; k < 1 + n(3); k++)
    activities[`${kinds[n(kinds.length)]}|${rnd() < 0.3 ? 'large' : 'ordinary'}|${rnd() < 0.7 ? 2025 : 2024}`] =
      1 + n(3);
  return {
    activities,
    surveys: {
      [['awareness', 'participation', 'satisfaction_services', 'sense_of_security'][n(4)]]: {
        sample: 20 + n(200),
        positive: 10 + n(20),
        date: '2025-03-02',
      },
    },
    facilities: { [['police_room', 'health_station', 'culture_room'][n(3)]]: '2025-02-01' },
    ...(rnd() < 0.4 ? { problems: { sanitation_dead_corner: { open: 1 + n(2), overdue: n(2) } } } : {}),
    ...(i % 9 === 0
      ? {
          incidents: [
            { kind: 'major_safety_accident', date: '2025-04-01', status: rnd() < 0.5 ? 'confirmed' : 'reported' },
          ] as CommunityFacts['incidents'],
        }
      : {}),
  };
}

/** Deterministic pseudo-randomness (mulberry32), so a failure can be run again with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A document as a figure: without the bookkeeping (`_pos`, `_lanes`, `_v`), keys sorted. */
const canonical = (d: ReadDoc): string =>
  JSON.stringify(d, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.keys(value)
            .filter((k) => k === '_id' || !k.startsWith('_'))
            .sort()
            .map((k) => [k, value[k]]),
        )
      : value,
  );

async function snapshot(store: ReadStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of COLLECTIONS) for (const d of await store.find<ReadDoc>(c)) out.set(`${c}/${d._id}`, canonical(d));
  return out;
}

/** Documents that differ, are missing or are extra, with a few examples. */
function difference(expected: Map<string, string>, actual: Map<string, string>) {
  const differ = [...expected.keys()].filter((k) => actual.has(k) && actual.get(k) !== expected.get(k));
  const missing = [...expected.keys()].filter((k) => !actual.has(k));
  const extra = [...actual.keys()].filter((k) => !expected.has(k));
  return { differ, missing, extra, count: differ.length + missing.length + extra.length };
}

/**
 * Projection replicas are safe by construction (docs/deployment.md, "Replicas"): 1, 2 and 3 scoring
 * processes in one consumer group over the same randomised load (every fact kind that reaches the
 * roll-ups, 60 communities in 6 streets, the whole district registered) leave EVERY document of the
 * scoring collections equal to a single-process rebuild; so do two replicas of which one is
 * SIGKILLed mid-stream (its partitions move to the other in a rebalance). Real Kafka and MongoDB
 * (FerretDB here), the event store of e2e-event-store.ts; the replicas are started first and the
 * relay last, so they apply the backlog side by side.
 */
describeIntegration('kafka', 'projection replicas in one consumer group', (kafka) => {
  const run = `cw-i17r-${randomUUID().slice(0, 8)}`;
  const seed = Number(process.env.REPLICA_SEED ?? Date.now() % 100_000);
  let dir: string;
  let events: E2eEventStore;
  let store: EventStore;
  let bus: KafkaBus;

  /** The reference: one process rebuilding from the first event (SQLite, in this process). */
  const rebuilt = async (): Promise<Map<string, string>> => {
    const reference = new SqliteReadStore(join(dir, `reference-${randomUUID().slice(0, 8)}.db`));
    try {
      for (const p of [scoringProjection(), activityTalliesProjection]) {
        const runner = new ProjectionRunner(p, eventStoreSource(store), reference);
        await runner.rebuild();
        await runner.stop();
      }
      return await snapshot(reference);
    } finally {
      await reference.close();
    }
  };
  const procs = new Set<PlatformProcess>();
  const databases = new Set<string>();
  const topics = new Set<string>();
  const mongo = (name: string) => {
    const url = new URL(process.env.MONGO_URL!);
    url.pathname = `/${run}-${name}`;
    databases.add(`${run}-${name}`);
    return url.toString();
  };

  beforeAll(async () => {
    if (!process.env.MONGO_URL) throw new Error('MONGO_URL is needed too (FerretDB or MongoDB)');
    execFileSync(process.execPath, [join(ROOT, 'tools/build.js')], { cwd: ROOT, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'cw-replicas-'));
    events = await e2eEventStore(run, dir);
    store = events.open();
    bus = new KafkaBus({ brokers: kafka(), clientId: `${run}-admin`, log: () => undefined });

    // The load: the district, then the facts of up to 60 communities, interleaved (the scoring
    // processes publish the shipped standards when they start).
    await seedRegion(store, DISTRICT);
    const registered = (await store.readAll({ after: -1, maxCount: 100_000 }))
      .filter((e) => e.type === 'JurisdictionRegistered')
      .map((e) => e.data as { code: string; level: string; parentCode?: string });
    const streets = registered
      .filter((j) => j.level === 'street')
      .map((j) => j.code)
      .slice(0, 6);
    const communities = streets.flatMap((s) =>
      registered
        .filter((j) => j.level === 'community' && j.parentCode === s)
        .slice(0, 10)
        .map((j) => j.code),
    );
    const rnd = random(seed);
    const queues = communities.map((code, i) => factEvents(code, facts(i, rnd)).map((e) => toAppend(e, code)));
    for (let round = 0; queues.some((q) => q.length > 0); round++) {
      for (const [i, q] of queues.entries())
        if (q.length > 0)
          await store.append(`facts-${communities[i]}-${round}`, q.splice(0, 1 + Math.floor(rnd() * 3)), {
            expectedRevision: 'no_stream',
          });
    }

    console.log(
      `replicas: seed ${seed}, ${await store.headPosition()} events, ${communities.length} communities with facts in ${streets.length} streets`,
    );
  }, 300_000);

  afterAll(async () => {
    for (const p of procs) await stopPlatformProcess(p, 'SIGKILL');
    await bus?.deleteTopics([...topics]).catch(() => undefined);
    await bus?.close();
    if (databases.size > 0) {
      const conn = await mongoose
        .createConnection(process.env.MONGO_URL!, { serverSelectionTimeoutMS: 10_000 })
        .asPromise();
      for (const name of databases)
        await conn
          .useDb(name)
          .dropDatabase()
          .catch(() => undefined);
      await conn.destroy();
    }
    await store?.close();
    await events?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  /**
   * `replicas` scoring processes on one database and group, then a relay: the whole log reaches them
   * at once. `kill`: SIGKILL the last replica once the first roll-ups are written. Resolves with the
   * documents once they equal the reference, or once both projections' consumer groups have committed
   * every message and the documents have not changed for 5 s since (nothing more can come). Not
   * "unchanged for a while" alone: on a busy machine a rebalance after the SIGKILL pauses the
   * replicas longer than any such while, and the figures were still on their way.
   */
  const runWith = async (
    label: string,
    replicas: number,
    kill = false,
  ): Promise<ReturnType<typeof difference> & { documents: number }> => {
    const prefix = `${run}-${label}.`;
    const production = productionTopics(prefix);
    production.forEach((t) => topics.add(t.topic));
    await bus.ensureTopics(production);
    const env = (name: string) => ({
      MODE: 'distributed',
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'warn',
      ...events.env,
      KAFKA_BROKERS: kafka(),
      MONGO_URL: mongo(name),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_PREFIX: `${run}-${label}`,
    });
    const scoring = await Promise.all(
      Array.from({ length: replicas }, (_, i) =>
        startPlatformProcess(`${label}-scoring-${i}`, { ...env(label), SERVICES: 'scoring' }),
      ),
    );
    scoring.forEach((p) => procs.add(p));
    await new Promise((r) => setTimeout(r, 8000)); // the group settles: every replica holds partitions
    // Every event is in the store by now (the replicas published the shipped standards as they started).
    const expected = await rebuilt();
    const relay = await startPlatformProcess(`${label}-relay`, { ...env(`${label}-relay`), SERVICES: 'relay' });
    procs.add(relay);
    const reads = new MongoReadStore(mongo(label));
    try {
      if (kill) {
        const victim = scoring[scoring.length - 1];
        for (let i = 0; i < 600 && (await reads.count('rollups').catch(() => 0)) < 5; i++)
          await new Promise((r) => setTimeout(r, 100));
        await stopPlatformProcess(victim, 'SIGKILL');
        procs.delete(victim);
      }
      const groups = [scoringProjection(), activityTalliesProjection].map((p) => ({
        group: `${run}-${label}.scoring.${p.name}`,
        topics: topicsFor(p, prefix),
      }));
      const caughtUp = async () => {
        for (const g of groups) if ((await bus.lag(g.group, g.topics).catch(() => 1)) > 0) return false;
        return true;
      };
      let last = '';
      let stableSince = Date.now();
      for (;;) {
        const actual = await snapshot(reads);
        const diff = difference(expected, actual);
        const digest = JSON.stringify([...actual]);
        if (diff.count === 0) return { ...diff, documents: expected.size };
        if (digest !== last) {
          last = digest;
          stableSince = Date.now();
        } else if (Date.now() - stableSince > 5_000 && (await caughtUp())) {
          const show = (k: string) =>
            `${k}\n  expected ${expected.get(k)?.slice(0, 400)}\n  actual   ${actual.get(k)?.slice(0, 400)}`;
          console.log(
            `${label}: ${diff.differ.length} documents differ, ${diff.missing.length} missing, ${diff.extra.length} extra of ${expected.size}\n${diff.differ.slice(0, 3).map(show).join('\n')}`,
          );
          return { ...diff, documents: expected.size };
        }
        await new Promise((r) => setTimeout(r, 1500));
      }
    } finally {
      await reads.close();
      for (const p of [...scoring, relay]) if (procs.delete(p)) await stopPlatformProcess(p, 'SIGKILL');
    }
  };

  const cases: [label: string, replicas: number, kill: boolean][] = [
    ['one', 1, false],
    ['two', 2, false],
    ['three', 3, false],
    ['kill', 2, true],
  ];
  it.each(cases)(
    '%s: %i scoring replica(s), one SIGKILLed: %s; every document equals a rebuild',
    async (label, replicas, kill) => {
      const diff = await runWith(label, replicas, kill);
      console.log(`${label}: ${diff.count} of ${diff.documents} documents wrong`);
      expect({
        label,
        differ: diff.differ.slice(0, 10),
        missing: diff.missing.slice(0, 10),
        extra: diff.extra.slice(0, 10),
      }).toEqual({ label, differ: [], missing: [], extra: [] });
    },
    240_000,
  );
});
