import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '@chuangwen/contracts';
import { eventStoreContract, waitUntil } from '../testing/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEsdbServer } from './testing/fake-esdb';

/*
 * The adapter's own logic (idempotency, paging past system events, the subscription's checkpoint,
 * caught-up and resubscription) run against an in-memory imitation of the server. The real server
 * runs the same contract in esdb-event-store.int.spec.ts.
 */
describe('EsdbEventStore on an imitation of the server', () => {
  let server: FakeEsdbServer;
  const open = (s = server) =>
    new EsdbEventStore({ client: s.client(), readPageSize: 3, resubscribe: { baseMs: 5, maxMs: 20 } });

  eventStoreContract('esdb (imitation)', () => ({
    fresh: async () => open((server = new FakeEsdbServer())),
    reopen: async () => open(),
  }));

  const event = (type = 'Happened'): EventToAppend => ({
    eventId: randomUUID(),
    type,
    version: 2,
    data: { n: 1 },
    metadata: {
      actor: { id: 't', roles: ['office'], jurisdiction: '32' },
      jurisdictionCode: '32',
      occurredAt: '2025-05-01T00:00:00.000Z',
      correlationId: 'c',
      causationId: 'k',
    },
  });

  let store: EsdbEventStore;
  beforeEach(() => {
    server = new FakeEsdbServer();
    store = open();
  });
  afterEach(() => store.close());

  it("writes nothing twice on a retried 'any' append, which the server itself would not recognise", async () => {
    const batch = [event('A'), event('B')];
    const first = await store.append('s-1', batch, { expectedRevision: 'any' });
    const again = await store.append('s-1', batch, { expectedRevision: 'any' });
    expect(again).toEqual(first);
    expect(server.log.filter((e) => e.streamId === 's-1')).toHaveLength(2);
  });

  it('lets concurrent retries of one batch write it once, and answers both with its result', async () => {
    const batch = [event('A')];
    const results = await Promise.all([1, 2, 3].map(() => store.append('s-2', batch, { expectedRevision: 'any' })));
    expect(new Set(results.map((r) => r.position)).size).toBe(1);
    expect(server.log.filter((e) => e.streamId === 's-2')).toHaveLength(1);
  });

  it('refuses a batch that reuses some ids of the stream', async () => {
    const a = event('A');
    await store.append('s-3', [a], { expectedRevision: 'no_stream' });
    await expect(store.append('s-3', [a, event('B')], { expectedRevision: 'any' })).rejects.toThrow(/already used/);
  });

  it('keeps the schema version and strips the metadata keys it adds', async () => {
    await store.append('s-4', [event()], { expectedRevision: 'no_stream' });
    const [read] = await store.readStream('s-4');
    expect(read.version).toBe(2);
    expect(Object.keys(read.metadata).sort()).toEqual([
      'actor',
      'causationId',
      'correlationId',
      'jurisdictionCode',
      'occurredAt',
    ]);
  });

  it('pages through $all past the server’s own events, and finds the last position that is ours', async () => {
    for (let i = 0; i < 7; i++) {
      await store.append(`p-${i % 2}`, [event(`E${i}`)], { expectedRevision: 'any' });
      server.writeSystemEvent();
    }
    const all = await store.readAll({ maxCount: 100 });
    expect(all.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
    expect(await store.headPosition()).toBe(all[6].position);
    expect((await store.readAll({ after: all[2].position, maxCount: 2 })).map((e) => e.type)).toEqual(['E3', 'E4']);
  });

  const collect = (
    after: number,
    extra: {
      onCaughtUp?: (p: number) => void;
      onError?: (e: unknown) => void;
      onEvents?: (es: RecordedEvent[]) => void;
    } = {},
  ) => {
    const seen: string[] = [];
    const sub = store.subscribeToAll({
      after,
      batchSize: 2,
      onEvents: (es) => {
        extra.onEvents?.(es);
        seen.push(...es.map((e) => e.type));
      },
      onCaughtUp: extra.onCaughtUp,
      onError: extra.onError,
    });
    return { seen, sub };
  };

  it('subscribes again after a dropped connection from the last delivered position: nothing lost, nothing twice', async () => {
    await store.append('r', [event('A'), event('B'), event('C')], { expectedRevision: 'no_stream' });
    const { seen, sub } = collect(-1);
    await waitUntil(() => seen.length === 3);
    const lastDelivered = (await store.readStream('r'))[2].position;
    server.dropSubscriptions();
    await store.append('r', [event('D')], { expectedRevision: 2 });
    await waitUntil(() => seen.length === 4);
    expect(seen).toEqual(['A', 'B', 'C', 'D']);
    expect(server.subscribeCalls.map((c) => c.fromPosition)).toEqual([
      'start',
      { commit: BigInt(lastDelivered), prepare: BigInt(lastDelivered) },
    ]);
    expect(server.subscribeCalls[1].filter).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    await sub.stop();
  });

  it('reports caught up from the head position on a server that does not say so', async () => {
    server.sendsCaughtUp = false;
    await store.append('c', [event('A'), event('B'), event('C')], { expectedRevision: 'no_stream' });
    const caughtUp: number[] = [];
    const { seen, sub } = collect(-1, { onCaughtUp: (p) => caughtUp.push(p) });
    await waitUntil(() => caughtUp.length === 1);
    expect(seen).toEqual(['A', 'B', 'C']);
    expect(caughtUp[0]).toBe(await store.headPosition());
    await sub.stop();
  });

  it('ends on a handler failure, tells onError, and does not subscribe again', async () => {
    await store.append('f', [event('A')], { expectedRevision: 'no_stream' });
    const errors: unknown[] = [];
    const { sub } = collect(-1, {
      onEvents: () => {
        throw new Error('projection broke');
      },
      onError: (e) => errors.push(e),
    });
    await waitUntil(() => errors.length === 1);
    expect((errors[0] as Error).message).toBe('projection broke');
    expect(server.subscribeCalls).toHaveLength(1);
    await sub.stop();
  });

  it('gives up after the configured failures in a row and reports the last one', async () => {
    server.dropsEverySubscription = true;
    const flaky = new EsdbEventStore({ client: server.client(), resubscribe: { attempts: 2, baseMs: 1, maxMs: 1 } });
    const errors: unknown[] = [];
    flaky.subscribeToAll({ onEvents: () => undefined, onError: (e) => errors.push(e) });
    await waitUntil(() => errors.length === 1);
    expect(server.subscribeCalls).toHaveLength(3);
    expect((errors[0] as Error).message).toMatch(/UNAVAILABLE/);
    await flaky.close();
  });
});
