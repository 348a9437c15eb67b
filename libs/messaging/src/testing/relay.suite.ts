import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformEventCatalog } from '@chuangwen/contracts';
import type { EventToAppend, RecordedEvent } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { eventStoreSource, Projection, ProjectionRunner } from '@chuangwen/projections';
import { ReadDoc } from '@chuangwen/read-store';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { DEAD_LETTER_HEADERS } from '../delivery';
import type { Consumer, IncomingMessage, MessageBus } from '../port';
import { busEventSource } from '../relay/bus-event-source';
import { Checkpoint, EventRelay, integrationMessage, readStoreCheckpoint } from '../relay/event-relay';
import { CONTEXTS } from '../topics';
import { partitionFor } from '../partitioner';
import { waitUntil } from './bus.contract';

/** Buses on one backend, and a topic prefix whose context and dead-letter topics exist. */
export interface RelayHarness {
  open(): Promise<MessageBus>;
  prefix(): Promise<string>;
}

const A = '321282001001';
const B = '620102001003';
const event = (type: string, jurisdictionCode: string, data: Record<string, unknown> = {}): EventToAppend => ({
  eventId: randomUUID(),
  type,
  version: 1,
  data: { communityCode: jurisdictionCode, ...data },
  metadata: {
    actor: { id: 'tester', roles: ['office'], jurisdiction: '321282' },
    jurisdictionCode,
    occurredAt: '2025-05-01T08:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
});
const held = (community: string) => event('ActivityHeld', community, { activityId: randomUUID(), participants: 10 });

/** Per community, how many activities were held: guarded by position, as our projections are. */
interface Tally extends ReadDoc {
  held: number;
}
const talliesProjection: Projection = {
  name: 'test.tallies',
  collections: [{ name: 'tallies' }],
  handles: new Set(['ActivityHeld']),
  async apply(events, uow) {
    for (const e of events) {
      const code = (e.data as { communityCode: string }).communityCode;
      await uow.update<Tally>('tallies', code, e, (d) => ({
        ...(d ?? { _id: code, _pos: -1, held: 0 }),
        held: (d?.held ?? 0) + 1,
      }));
    }
  },
};

/** Event store, read store (files, so a "restart" reopens them), buses and relays of one test. */
function world(harness: () => RelayHarness) {
  let dir = '';
  const closing: { close?(): Promise<void>; stop?(): Promise<void> }[] = [];
  const w = {
    store: undefined as unknown as SqliteEventStore,
    reads: undefined as unknown as SqliteReadStore,
    prefix: '',
    async setUp() {
      dir = mkdtempSync(join(tmpdir(), 'cw-relay-'));
      w.store = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 50 });
      w.reads = new SqliteReadStore(join(dir, 'reads.db'));
      w.prefix = await harness().prefix();
    },
    async tearDown() {
      for (const c of closing.splice(0).reverse()) await (c.stop ?? c.close)!.call(c).catch(() => undefined);
      await w.store.close();
      await w.reads.close();
      rmSync(dir, { recursive: true, force: true });
    },
    /** Closes the read store and opens it again from its file: the relay's process restarted. */
    async reopenReads() {
      await w.reads.close();
      w.reads = new SqliteReadStore(join(dir, 'reads.db'));
    },
    async bus() {
      const b = await harness().open();
      closing.push(b);
      return b;
    },
    async relay(bus: MessageBus, checkpoint: Checkpoint = readStoreCheckpoint(w.reads)) {
      const r = new EventRelay({
        store: w.store,
        bus,
        checkpoint,
        topicPrefix: w.prefix,
        batchSize: 50,
        retryBaseMs: 60_000,
        log: () => undefined,
      });
      closing.push(r);
      await r.start();
      return r;
    },
    /** Every message on the context topics, as one new group sees them. */
    async watch(
      bus: MessageBus,
      seen: IncomingMessage[],
      topics = CONTEXTS.map((c) => `${w.prefix}${c}`),
    ): Promise<Consumer> {
      const c = await bus.consume({
        groupId: `watch-${randomUUID()}`,
        topics,
        handle: async (ms) => void seen.push(...ms),
      });
      closing.push(c);
      return c;
    },
    async append(events: EventToAppend[]): Promise<number> {
      for (const e of events) await w.store.append(`test-${randomUUID()}`, [e], { expectedRevision: 'no_stream' });
      return w.store.headPosition();
    },
  };
  return w;
}

export function relaySuite(name: string, harness: () => RelayHarness): void {
  describe(`EventRelay: ${name}`, () => {
    const w = world(harness);
    beforeEach(() => w.setUp());
    afterEach(() => w.tearDown());

    it("publishes each event on its context's topic, keyed by its jurisdiction, with headers; skips unknown types", async () => {
      const events = [
        held(A),
        event('SurveyRecorded', B),
        event('MysteryHappened', A),
        event('JurisdictionRegistered', A),
        held(B),
        event('StandardPublished', '000000'),
      ];
      const head = await w.append(events);
      const bus = await w.bus();
      const relay = await w.relay(bus);
      const seen: IncomingMessage[] = [];
      await w.watch(await w.bus(), seen);
      await waitUntil('the relay reached the head', () => relay.status().position === head);
      await waitUntil('5 messages arrived', () => seen.length >= 5);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toHaveLength(5); // not the unknown type
      const recorded = await w.store.readAll();
      for (const m of seen) {
        const e = recorded.find((r) => r.eventId === m.headers['ce-id'])!;
        expect(m.topic).toBe(`${w.prefix}${platformEventCatalog().get(e.type)!.context}`);
        expect(m.key).toBe(e.metadata.jurisdictionCode);
        // Published at the current version: a stored v1 SurveyRecorded goes out upcast to v2.
        const current = platformEventCatalog().upcast(e);
        expect(JSON.parse(m.value)).toEqual(JSON.parse(JSON.stringify(current)));
        expect(m.headers).toMatchObject({
          'ce-type': e.type,
          'x-position': String(e.position),
          'x-schema-version': String(current.version),
        });
        if (e.type === 'SurveyRecorded') expect([e.version, current.version]).toEqual([1, 2]);
      }
      expect(await w.reads.checkpoint('relay.bus')).toBe(head);
    }, 60_000);

    it('after a crash between publishing and saving the checkpoint, publishes the batch again: nothing is lost', async () => {
      const first = await w.append([held(A), held(B), held(A), event('SurveyRecorded', A)]);
      const real = readStoreCheckpoint(w.reads);
      let crashed = false;
      const dying: Checkpoint = {
        load: () => real.load(),
        save: async () => {
          crashed = true;
          throw new Error('killed before the checkpoint was saved');
        },
      };
      const seen: IncomingMessage[] = [];
      await w.watch(await w.bus(), seen);
      const doomed = await w.relay(await w.bus(), dying);
      await waitUntil('the batch was published', () => seen.length >= 4 && crashed);
      await doomed.stop(); // dead before its retry
      expect(await real.load()).toBe(-1);

      const relay = await w.relay(await w.bus());
      await waitUntil('the restarted relay reached the head', () => relay.status().position === first);
      await waitUntil('the batch came again', () => seen.length >= 8);
      const ids = seen.map((m) => m.headers['ce-id']);
      expect(new Set(ids).size).toBe(4);
      expect(ids.filter((id) => id === ids[0])).toHaveLength(2); // at least once: here exactly twice

      const next = await w.append([held(B)]);
      await waitUntil('the new event arrived', () => seen.length >= 9);
      // The position moves once the checkpoint is saved, which follows the publish a consumer already saw.
      await waitUntil('the relay checkpointed the new event', () => relay.status().position === next);
      expect(await real.load()).toBe(next);
    }, 60_000);

    it('keeps its checkpoint across a restart: a new relay publishes only what is new', async () => {
      const head = await w.append([held(A), held(B)]);
      const seen: IncomingMessage[] = [];
      await w.watch(await w.bus(), seen);
      const r1 = await w.relay(await w.bus());
      await waitUntil('the relay reached the head', () => r1.status().position === head);
      await r1.stop();
      await w.reopenReads();
      expect(await readStoreCheckpoint(w.reads).load()).toBe(head);

      const r2 = await w.relay(await w.bus());
      const next = await w.append([held(A)]);
      await waitUntil('the new event arrived', () => seen.length >= 3);
      await waitUntil('the relay reached the head', () => r2.status().position === next);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toHaveLength(3); // nothing old again
      expect(new Set(seen.map((m) => m.headers['ce-id'])).size).toBe(3);
    }, 60_000);
  });
}

/** Two community codes whose messages land on different partitions of a topic of `partitions`. */
function twoPartitions(partitions: number): [string, string] {
  const codes = Array.from({ length: 20 }, (_, i) => `321282001${String(i + 1).padStart(3, '0')}`);
  const a = codes[0];
  const b = codes.find((c) => partitionFor(c, partitions) !== partitionFor(a, partitions))!;
  return [a, b];
}

/** Polls an async condition. */
async function eventually(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function busSourceSuite(name: string, harness: () => RelayHarness): void {
  describe(`busEventSource: ${name}`, () => {
    const w = world(harness);
    const runners: ProjectionRunner[] = [];
    beforeEach(() => w.setUp());
    afterEach(async () => {
      await Promise.all(runners.splice(0).map((r) => r.stop()));
      await w.tearDown();
    });
    const topic = () => `${w.prefix}activities`;
    const source = (bus: MessageBus, groupId = `p-${randomUUID()}`) =>
      busEventSource({
        bus,
        groupId,
        topics: [topic()],
        deadLetterTopic: `${w.prefix}dead-letter`,
        log: () => undefined,
      });
    const runner = async (bus: MessageBus, batchSize = 100) => {
      const r = new ProjectionRunner(talliesProjection, source(bus), w.reads, { batchSize, onError: () => undefined });
      runners.push(r);
      await r.start();
      return r;
    };
    const tallies = async (reads = w.reads) =>
      Object.fromEntries((await reads.find<Tally>('tallies')).map((d) => [d._id, d.held]));
    const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort());

    it('feeds a projection, through relay and bus, to the read model the store itself gives', async () => {
      await w.append([held(A), held(B), held(A), event('SurveyRecorded', A), held(A), held(B)]);
      const bus = await w.bus();
      await w.relay(bus);
      await runner(bus);
      await eventually(
        'A: 3, B: 2',
        async () => JSON.stringify(sorted(await tallies())) === JSON.stringify(sorted({ [A]: 3, [B]: 2 })),
      );

      const embedded = new SqliteReadStore(':memory:');
      const direct = new ProjectionRunner(talliesProjection, eventStoreSource(w.store), embedded);
      await direct.start();
      await direct.waitForCatchUp();
      await direct.stop();
      expect(sorted(await tallies())).toEqual(sorted(await tallies(embedded)));
      await embedded.close();

      await w.append([held(B)]);
      await eventually('live: B: 3', async () => (await tallies())[B] === 3);
    }, 60_000);

    it("applies the relay's repeats once, even inside one batch", async () => {
      await w.append([held(A), held(B), held(A)]);
      const [a1, b2, a3] = await w.store.readAll();
      const bus = await w.bus();
      // One key, so one partition: the relay's crash-and-republish pattern, a batch boundary inside it.
      const as = (e: RecordedEvent) => ({
        ...integrationMessage(e, platformEventCatalog(), w.prefix)!.message,
        key: 'one-partition',
      });
      await bus.publish(topic(), [a1, b2, a1, b2, a3].map(as));
      await runner(bus, 2);
      await eventually('A: 2, B: 1', async () => (await tallies())[A] === 2);
      await new Promise((r) => setTimeout(r, 200));
      expect(sorted(await tallies())).toEqual(sorted({ [A]: 2, [B]: 1 }));
    }, 60_000);

    it('dead-letters a malformed message and applies the rest', async () => {
      await w.append([held(A), held(A)]);
      const [a1, a2] = await w.store.readAll();
      const bus = await w.bus();
      const msg = (e: RecordedEvent) => integrationMessage(e, platformEventCatalog(), w.prefix)!.message;
      await bus.publish(topic(), [
        msg(a1),
        { key: A, value: '{"type":"ActivityHeld"}', headers: { 'ce-type': 'ActivityHeld' } },
        msg(a2),
      ]);
      const dead: IncomingMessage[] = [];
      await w.watch(await w.bus(), dead, [`${w.prefix}dead-letter`]);
      await runner(bus);
      await eventually('A: 2', async () => (await tallies())[A] === 2);
      await waitUntil('the dead letter arrived', () => dead.length === 1);
      expect(dead[0].headers).toMatchObject({
        [DEAD_LETTER_HEADERS.reason]: 'value is not a recorded event envelope',
        [DEAD_LETTER_HEADERS.topic]: topic(),
        'ce-type': 'ActivityHeld',
      });
    }, 60_000);

    it("rebuild resets the projection's group and replays every topic into the emptied read model", async () => {
      await w.append([held(A), held(B), held(A)]);
      const bus = await w.bus();
      await w.relay(bus);
      const r = await runner(bus);
      const expected = sorted({ [A]: 2, [B]: 1 });
      const done = async () => JSON.stringify(sorted(await tallies())) === JSON.stringify(expected);
      await eventually('caught up', done);
      await r.rebuild();
      expect(await tallies()).toEqual({}); // dropped; the replay comes through the subscription
      await eventually('replayed', done);
      await w.append([held(B)]);
      await eventually('live after the rebuild', async () => (await tallies())[B] === 2);
    }, 60_000);

    it('applies the batches of several partitions as one unit of work', async () => {
      // Two communities on different partitions, 40 activities each, all waiting before the start.
      const [a, b] = twoPartitions(3);
      await w.append(Array.from({ length: 80 }, (_, i) => held(i % 2 ? a : b)));
      const bus = await w.bus();
      await w.relay(bus);
      const units: string[][] = [];
      const watched: Projection = {
        ...talliesProjection,
        apply: (events, uow) => (
          units.push(events.map((e) => e.metadata.jurisdictionCode)),
          talliesProjection.apply(events, uow)
        ),
      };
      const r = new ProjectionRunner(watched, source(bus), w.reads, { batchSize: 1000, onError: () => undefined });
      runners.push(r);
      await r.start();
      await eventually(
        'both have 40',
        async () => JSON.stringify(sorted(await tallies())) === JSON.stringify(sorted({ [a]: 40, [b]: 40 })),
      );
      // Not one unit per partition batch: some unit held both partitions' events.
      expect(units.some((u) => u.includes(a) && u.includes(b))).toBe(true);
    }, 60_000);

    it('dead-letters an event the projection keeps failing on, after 3 attempts, and the partition goes on', async () => {
      const fragile: Projection = {
        ...talliesProjection,
        async apply(events, uow) {
          // A defect in the projection that only this event's data reaches.
          if (events.some((e) => (e.data as { participants: number }).participants === 13))
            throw new TypeError("Cannot read properties of null (reading 'length')");
          return talliesProjection.apply(events, uow);
        },
      };
      await w.append([
        held(A),
        event('ActivityHeld', A, { activityId: randomUUID(), participants: 13 }),
        held(A),
        held(B),
      ]);
      const bus = await w.bus();
      await w.relay(bus);
      const dead: IncomingMessage[] = [];
      await w.watch(await w.bus(), dead, [`${w.prefix}dead-letter`]);
      const r = new ProjectionRunner(fragile, source(bus), w.reads, { batchSize: 100, onError: () => undefined });
      runners.push(r);
      await r.start();
      await eventually(
        'A: 2, B: 1',
        async () => JSON.stringify(sorted(await tallies())) === JSON.stringify(sorted({ [A]: 2, [B]: 1 })),
      );
      await waitUntil('the poison was dead-lettered', () => dead.length === 1);
      expect(JSON.parse(dead[0].value).data.participants).toBe(13);
      expect(dead[0].headers[DEAD_LETTER_HEADERS.reason]).toMatch(
        /failed on it 3 times: Cannot read properties of null/,
      );
      expect(r.status()).toMatchObject({ state: 'running', error: undefined });
      expect((await r.health()).eventsBehind).toBe(0);
    }, 60_000);

    it('a read store that keeps failing: degraded with the lag, retried (nothing dead-lettered), then caught up', async () => {
      await w.append([held(A), held(B), held(A)]);
      const bus = await w.bus();
      await w.relay(bus);
      let down = true;
      const reads = w.reads;
      const flaky = new Proxy(reads, {
        get: (t, k) =>
          k === 'commit'
            ? (...a: Parameters<typeof reads.commit>) =>
                down ? Promise.reject(new Error('connection refused')) : t.commit(...a)
            : Reflect.get(t, k).bind(t),
      });
      const dead: IncomingMessage[] = [];
      await w.watch(await w.bus(), dead, [`${w.prefix}dead-letter`]);
      const r = new ProjectionRunner(talliesProjection, source(bus), flaky, {
        batchSize: 100,
        onError: () => undefined,
      });
      runners.push(r);
      await r.start();
      await eventually('degraded, 3 events behind', async () => {
        const h = await r.health();
        return h.state === 'degraded' && h.eventsBehind === 3 && (h.failures ?? 0) >= 4;
      });
      const h = await r.health();
      expect(h.error).toMatch(/read store: connection refused/);
      expect(h.secondsBehind).toBeGreaterThanOrEqual(0);
      down = false;
      await eventually(
        'A: 2, B: 1',
        async () => JSON.stringify(sorted(await tallies())) === JSON.stringify(sorted({ [A]: 2, [B]: 1 })),
      );
      await eventually('running, nothing behind', async () => {
        const after = await r.health();
        return after.state === 'running' && after.eventsBehind === 0;
      });
      expect(dead).toHaveLength(0);
    }, 60_000);

    it('takes one subscriber per source: a second would split the group with the first', async () => {
      const s = source(await w.bus());
      const sub = s.subscribe({ after: 0, batchSize: 10, onEvents: async () => undefined, onError: () => undefined });
      expect(() =>
        s.subscribe({ after: 0, batchSize: 10, onEvents: async () => undefined, onError: () => undefined }),
      ).toThrow(/one source/);
      await sub.stop();
      await s.subscribe({ after: 0, batchSize: 10, onEvents: async () => undefined, onError: () => undefined }).stop();
      expect(await s.readAll({ after: -1, maxCount: 10 })).toEqual([]);
      expect(await s.headPosition()).toBe(-1);
    }, 60_000);
  });
}
