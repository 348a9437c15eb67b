import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { EventToAppend } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { busEventSource, CONTEXTS } from '@chuangwen/messaging';
import { KafkaBus } from '@chuangwen/messaging/kafka';
import type { Consumer, IncomingMessage } from '@chuangwen/messaging';
import { Projection, ProjectionRunner } from '@chuangwen/projections';
import { ReadDoc } from '@chuangwen/read-store';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { describeIntegration } from '@chuangwen/testing';
import { PlatformProcess, ROOT, startPlatformProcess } from '../testing/platform-process';

const COMMUNITIES = Array.from({ length: 12 }, (_, i) => `3212820010${String(i + 1).padStart(2, '0')}`);

const held = (community: string): EventToAppend => ({
  eventId: randomUUID(),
  type: 'ActivityHeld',
  version: 1,
  data: {
    activityId: randomUUID(),
    communityCode: community,
    kind: 'culture_sports',
    scale: 'ordinary',
    title: '活动',
    organiser: '居委会',
    heldAt: '2025-05-20T01:00:00.000Z',
    participants: 10,
  },
  metadata: {
    actor: { id: 'e2e', roles: ['office'], jurisdiction: '321282' },
    jurisdictionCode: community,
    occurredAt: '2025-05-20T01:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
});

/** The figure a consumer keeps: activities held per community, guarded by position as our projections are. */
interface Tally extends ReadDoc {
  held: number;
}
const tallies: Projection = {
  name: 'e2e.tallies',
  collections: [{ name: 'tallies' }],
  handles: new Set(['ActivityHeld']),
  async apply(events, uow) {
    for (const e of events) {
      const code = (e.data as { communityCode: string }).communityCode;
      await uow.update<Tally>('tallies', code, e, (d) => ({ _id: code, _pos: -1, held: (d?.held ?? 0) + 1 }));
    }
  },
};

/**
 * Relay failover across processes: two relay processes (`SERVICES=relay`, the production
 * composition) on one event store (a SQLite file here) and one MongoDB database (FerretDB), events
 * appended continuously; the publishing one is killed with SIGKILL. Every event must reach its
 * topic, a consumer's figures must count each exactly once, and the standby must have taken over.
 */
describeIntegration('kafka', 'relay failover across processes', (kafka) => {
  const run = `cw-i17b-failover-${randomUUID().slice(0, 8)}`;
  const prefix = `${run}.`;
  const topics = CONTEXTS.map((c) => `${prefix}${c}`).concat(`${prefix}dead-letter`);
  let dir: string;
  let bus: KafkaBus;
  const procs = new Map<string, PlatformProcess>();

  const database = `${run}-relay`; // one database for both relays: the lease and the checkpoint
  // PORT=0: each relay binds a port the system picks and names it in its ready line (a free port
  // chosen here and handed over could be taken by another process in between: EADDRINUSE).
  const start = async (name: string) => {
    const base = process.env.MONGO_URL;
    if (!base) throw new Error('MONGO_URL is needed too (FerretDB or MongoDB)');
    const mongo = Object.assign(new URL(base), { pathname: `/${database}` }).toString();
    const relay = await startPlatformProcess(name, {
      MODE: 'distributed',
      SERVICES: 'relay',
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'warn',
      EVENT_STORE: 'sqlite',
      EVENT_STORE_FILE: join(dir, 'events.db'),
      KAFKA_BROKERS: kafka(),
      MONGO_URL: mongo,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_PREFIX: run,
      KAFKA_CLIENT_ID: `${run}-${name}`,
    });
    procs.set(name, relay);
    return relay.port;
  };
  const kill = async (name: string) => {
    const relay = procs.get(name);
    if (!relay || relay.child.exitCode !== null || relay.child.signalCode !== null) return;
    relay.child.kill('SIGKILL');
    await relay.exited;
  };
  const relayStatus = async (port: number) => {
    const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    const body = (await res?.json().catch(() => undefined)) as
      { connections?: { name: string; leader?: boolean; term?: number; position?: number }[] } | undefined;
    return body?.connections?.find((c) => c.name === 'relay');
  };
  const until = async <T>(
    what: string,
    probe: () => Promise<T | undefined> | T | undefined,
    timeoutMs = 60_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await Promise.resolve(probe()).catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}\n${[...procs].map(([n, p]) => `${n}: ${p.output().slice(-1500)}`).join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'tools/build.js')], { cwd: ROOT, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'cw-failover-'));
    bus = new KafkaBus({ brokers: kafka(), clientId: `${run}-test`, log: () => undefined });
    await bus.ensureTopics(topics.map((topic) => ({ topic, partitions: topic.endsWith('dead-letter') ? 1 : 3 })));
  }, 120_000);

  afterAll(async () => {
    for (const name of [...procs.keys()]) await kill(name);
    await bus?.deleteTopics(topics).catch(() => undefined);
    await bus?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (process.env.MONGO_URL) {
      const conn = await mongoose
        .createConnection(process.env.MONGO_URL, { serverSelectionTimeoutMS: 10_000 })
        .asPromise();
      await conn
        .useDb(database)
        .dropDatabase()
        .catch(() => undefined);
      await conn.destroy();
    }
  }, 60_000);

  it('two relays, events appended continuously, the publishing one SIGKILLed: every event reaches its topic and the figures count each once', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    const reads = new SqliteReadStore(join(dir, 'figures.db'));
    const arrivals: { at: number; position: number; id: string }[] = [];
    let watch: Consumer | undefined;
    let runner: ProjectionRunner | undefined;
    try {
      watch = await bus.consume({
        groupId: `${run}.watch`,
        topics: [`${prefix}activities`],
        handle: async (ms: IncomingMessage[]) =>
          void arrivals.push(
            ...ms.map((m) => ({ at: Date.now(), position: Number(m.headers['x-position']), id: m.headers['ce-id'] })),
          ),
      });
      runner = new ProjectionRunner(
        tallies,
        busEventSource({
          bus,
          groupId: `${run}.figures`,
          topics: [`${prefix}activities`],
          deadLetterTopic: `${prefix}dead-letter`,
          log: () => undefined,
        }),
        reads,
        { batchSize: 50, onError: () => undefined },
      );
      await runner.start();

      const [one, two] = await Promise.all([start('one'), start('two')]);
      const ports = { one, two };
      const appended = new Map<string, number>();
      let appending = true;
      const appender = (async () => {
        for (let i = 0; appending; i++) {
          const community = COMMUNITIES[i % COMMUNITIES.length];
          await store.append(`activity-${randomUUID()}`, [held(community)], { expectedRevision: 'no_stream' });
          appended.set(community, (appended.get(community) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 25));
        }
      })();

      // One of the two publishes, the other stands by.
      const [leader, standby] = await until('one relay to hold the lease', async () => {
        const [a, b] = [await relayStatus(ports.one), await relayStatus(ports.two)];
        if (!a || !b) return undefined;
        if (a.leader && !b.leader) return ['one', 'two'] as const;
        if (b.leader && !a.leader) return ['two', 'one'] as const;
        return undefined;
      });
      await until('events flowing through the first relay', () => (arrivals.length >= 40 ? true : undefined));

      await kill(leader);
      const killedAt = Date.now();
      // Appended after the kill: only the standby can have published it.
      const headAtKill = await store.headPosition();
      const takenOver = await until('an event appended after the kill, published by the standby', () =>
        arrivals.find((a) => a.position > headAtKill),
      );
      const takeoverMs = takenOver.at - killedAt;
      const status = await relayStatus(ports[standby]);
      expect(status).toMatchObject({ leader: true });
      expect(status!.term).toBeGreaterThanOrEqual(2);
      await new Promise((r) => setTimeout(r, 3000)); // the standby keeps publishing as events go on
      appending = false;
      await appender;

      const recorded = await store.readAll();
      const expectedIds = new Set(recorded.map((e) => e.eventId));
      await until('every event on the topic', () =>
        expectedIds.size > 0 && [...expectedIds].every((id) => arrivals.some((a) => a.id === id)) ? true : undefined,
      );
      const figures = async () => Object.fromEntries((await reads.find<Tally>('tallies')).map((d) => [d._id, d.held]));
      const expected = Object.fromEntries([...appended].sort());
      await until('the figures to count every event', async () =>
        JSON.stringify(Object.fromEntries(Object.entries(await figures()).sort())) === JSON.stringify(expected)
          ? true
          : undefined,
      );
      await new Promise((r) => setTimeout(r, 1000)); // and no late repeat moves them
      expect(Object.fromEntries(Object.entries(await figures()).sort())).toEqual(expected);

      const repeats = arrivals.length - new Set(arrivals.map((a) => a.id)).size;
      console.log(
        `relay failover: ${recorded.length} events, SIGKILL of relay ${leader}; relay ${standby} published the first event appended after it ${takeoverMs} ms after the kill (lease timeout 5 s, renewed every 1 s); ${repeats} repeats on the topic, dropped by the consumer`,
      );
      // Not a speed goal (that is the lease's timeout): a bound that only catches a failed takeover.
      expect(takeoverMs).toBeLessThan(30_000);
    } finally {
      await runner?.stop();
      await watch?.stop();
      await store.close();
      await reads.close();
    }
  }, 180_000);
});
