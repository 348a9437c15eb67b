import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import type { IncomingMessage } from '../port';
import { inProcessHarness } from '../testing/in-process-harness';
import { waitUntil } from '../testing/bus.contract';
import { EventRelay, readStoreCheckpoint } from './event-relay';
import { Lease, ReadStoreLease } from '@chuangwen/read-store';

const held = (community: string): EventToAppend => ({
  eventId: randomUUID(),
  type: 'ActivityHeld',
  version: 1,
  data: { communityCode: community, activityId: randomUUID(), participants: 10 },
  metadata: {
    actor: { id: 't', roles: ['office'], jurisdiction: '321282' },
    jurisdictionCode: community,
    occurredAt: '2025-05-01T08:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
});
const COMMUNITIES = ['321282001001', '321282001002', '620102001003', '620102001004'];

/** Two relays with leases on one event store and one read store (in one process: the unit of the Kafka spec). */
describe('EventRelay with a lease: two relays, one publishes', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: SqliteReadStore;
  const relays: EventRelay[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-failover-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
    reads = new SqliteReadStore(join(dir, 'reads.db'));
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await store.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every event once while both run; after the holder dies without a word, the other takes over from the checkpoint and nothing is lost', async () => {
    const h = inProcessHarness();
    const prefix = await h.prefix();
    const bus = await h.open();
    const seen: IncomingMessage[] = [];
    await bus.consume({
      groupId: 'watch',
      topics: [`${prefix}activities`],
      handle: async (ms) => void seen.push(...ms),
    });
    const relay = (lease: Lease) => {
      const r = new EventRelay({
        store,
        bus,
        checkpoint: readStoreCheckpoint(reads),
        topicPrefix: prefix,
        lease,
        leaseIntervalMs: 50,
        batchSize: 5,
        log: () => undefined,
      });
      relays.push(r);
      return r;
    };
    const first = new ReadStoreLease(reads, { holder: 'first', ttlMs: 300 });
    // A SIGKILL: the process neither renews nor releases; here its lease and its relay just stop.
    const dying: Lease = {
      acquire: () => first.acquire(),
      held: () => first.held(),
      term: () => first.term(),
      release: async () => undefined,
    };
    const a = relay(dying);
    await a.start();
    const b = relay(new ReadStoreLease(reads, { holder: 'second', ttlMs: 300 }));
    await b.start();
    const append = async (n: number) => {
      for (let i = 0; i < n; i++)
        await store.append(`activity-${randomUUID()}`, [held(COMMUNITIES[i % 4])], { expectedRevision: 'no_stream' });
      return store.headPosition();
    };

    const head1 = await append(20);
    await waitUntil('the first 20 published', () => seen.length >= 20, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(a.status()).toMatchObject({ leader: true, position: head1, term: 1 });
    expect(b.status().leader).toBe(false);
    expect(seen).toHaveLength(20); // the standby published nothing

    await a.stop();
    const head2 = await append(20);
    await waitUntil(
      'the second relay published the rest',
      () => new Set(seen.map((m) => m.headers['ce-id'])).size === 40,
      10_000,
    );
    await waitUntil('the second relay checkpointed the head', () => b.status().position === head2, 10_000);
    expect(b.status()).toMatchObject({ leader: true, term: 2 });
    expect(await reads.checkpoint('relay.bus')).toBe(head2);
    const positions = seen.map((m) => Number(m.headers['x-position']));
    expect([...new Set(positions)].sort((x, y) => x - y)).toEqual((await store.readAll()).map((e) => e.position));
  }, 30_000);

  it('a relay whose lease was taken over stops publishing at its next batch', async () => {
    const h = inProcessHarness();
    const prefix = await h.prefix();
    const bus = await h.open();
    const seen: IncomingMessage[] = [];
    await bus.consume({
      groupId: 'watch',
      topics: [`${prefix}activities`],
      handle: async (ms) => void seen.push(...ms),
    });
    const lease = new ReadStoreLease(reads, { holder: 'paused', ttlMs: 60_000 });
    const a = new EventRelay({
      store,
      bus,
      checkpoint: readStoreCheckpoint(reads),
      topicPrefix: prefix,
      lease,
      leaseIntervalMs: 60_000,
      log: () => undefined,
    });
    relays.push(a);
    await a.start();
    expect(a.status().leader).toBe(true);
    // Another relay takes the lease (as after a long pause of this one): the stored version moves on.
    const other = new ReadStoreLease(reads, { holder: 'other', ttlMs: 1, now: () => Date.now() + 120_000 });
    await other.acquire();
    await new Promise((r) => setTimeout(r, 5));
    expect(await other.acquire()).toBe(true);
    await store.append(`activity-${randomUUID()}`, [held(COMMUNITIES[0])], { expectedRevision: 'no_stream' });
    await waitUntil('the batch was published', () => seen.length === 1, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    // Published (a repeat the new holder makes too, which consumers drop) but not checkpointed: fenced.
    expect(await reads.checkpoint('relay.bus')).toBe(-1);
    await store.append(`activity-${randomUUID()}`, [held(COMMUNITIES[1])], { expectedRevision: 'no_stream' });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(1); // standing by
    expect(a.status().leader).toBe(false);
  }, 30_000);
});
