import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend, RecordedEvent } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { waitUntil as waitUntilForTests } from '@chuangwen/event-store/testing';
import { DocWrite, ReadDoc, ReadStore } from '@chuangwen/read-store';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { eventStoreSource } from './event-store-source';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { UnitOfWork } from './unit-of-work';

interface Tally extends ReadDoc {
  community: string;
  count: number;
  participants: number;
}

/** A small projection: per community, how many times it was counted and with how many people. */
const tallies: Projection = {
  name: 'tallies',
  collections: [{ name: 'tallies', indexes: [{ fields: { count: -1 } }] }],
  handles: new Set(['Counted']),
  async apply(events: readonly RecordedEvent[], uow: UnitOfWork) {
    for (const e of events) {
      const { community, people } = e.data as { community: string; people: number };
      await uow.update<Tally>('tallies', community, e, (doc) => {
        const d = doc ?? { _id: community, _pos: -1, community, count: 0, participants: 0 };
        d.count += 1;
        d.participants += people;
        return d;
      });
    }
  },
};

/** The same projection with a replay: the tallies folded in memory and loaded once. */
const replayedTallies: Projection = {
  ...tallies,
  async *replay(history) {
    const byCommunity = new Map<string, Omit<Tally, '_pos'>>();
    for await (const page of history) {
      for (const e of page) {
        const { community, people } = e.data as { community: string; people: number };
        const t = byCommunity.get(community) ?? byCommunity.set(community, { _id: community, community, count: 0, participants: 0 }).get(community)!;
        t.count += 1;
        t.participants += people;
      }
    }
    const docs = [...byCommunity.values()];
    for (let i = 0; i < docs.length; i += 2) yield { collection: 'tallies', docs: docs.slice(i, i + 2) };
  },
};

const counted = (community: string, people: number): EventToAppend => ({
  eventId: randomUUID(),
  type: 'Counted',
  version: 1,
  data: { community, people },
  metadata: {
    actor: { id: 't', roles: [], jurisdiction: '000000' },
    jurisdictionCode: community,
    occurredAt: '2025-01-01T00:00:00Z',
    correlationId: 'c',
    causationId: 'c',
  },
});

/** Writes documents, then dies before the checkpoint moves: what a crash between the two looks like. */
class CrashBeforeCheckpoint implements ReadStore {
  crashes = 0;
  constructor(private readonly inner: ReadStore, private readonly limit = Infinity) {}
  ensureCollections = (s: Parameters<ReadStore['ensureCollections']>[0]) => this.inner.ensureCollections(s);
  get = <T extends ReadDoc>(c: string, id: string) => this.inner.get<T>(c, id);
  getMany = <T extends ReadDoc>(c: string, ids: readonly string[]) => this.inner.getMany<T>(c, ids);
  find = <T extends ReadDoc>(...a: Parameters<ReadStore['find']>) => this.inner.find<T>(...a);
  count = (...a: Parameters<ReadStore['count']>) => this.inner.count(...a);
  checkpoint = (p: string) => this.inner.checkpoint(p);
  reset = (p: string, c: readonly string[]) => this.inner.reset(p, c);
  load = (c: string, docs: readonly ReadDoc[]) => this.inner.load(c, docs);
  close = () => this.inner.close();
  async commit(projection: string, writes: readonly DocWrite[], position: number): Promise<void> {
    if (this.crashes >= this.limit) return this.inner.commit(projection, writes, position);
    await this.inner.commit(projection, writes, await this.inner.checkpoint(projection));
    this.crashes += 1;
    throw new Error('crash between applying and checkpointing');
  }
}

describe('ProjectionRunner', () => {
  let dir: string;
  let events: SqliteEventStore;
  const stores: { close(): Promise<void> }[] = [];
  const readStore = (name: string) => {
    const s = new SqliteReadStore(join(dir, `${name}.db`));
    stores.push(s);
    return s;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-proj-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seed = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await events.append(`counter-${i % 7}`, [counted(`c${i % 5}`, i)], { expectedRevision: 'any' });
    }
  };
  const snapshot = async (store: ReadStore) =>
    (await store.find<Tally>('tallies', {}, { sort: { community: 1 } })).map(({ _pos, ...rest }) => rest);

  it('follows live events after catching up, and a rebuild from zero equals the live state', async () => {
    await seed(40);
    const live = readStore('live');
    const runner = new ProjectionRunner(tallies, eventStoreSource(events), live, { batchSize: 7 });
    await runner.start();
    await runner.waitForCatchUp();
    await seed(25);
    await runner.waitForCatchUp();
    const liveState = await snapshot(live);
    expect(liveState.reduce((n, t) => n + t.count, 0)).toBe(65);

    const progress: number[] = [];
    await runner.rebuild((p) => progress.push(p.processed));
    await runner.stop();
    expect(await snapshot(live)).toEqual(liveState);
    expect(progress[progress.length - 1]).toBe(65);

    const fresh = readStore('fresh');
    const other = new ProjectionRunner(tallies, eventStoreSource(events), fresh, { batchSize: 1000 });
    await other.start();
    await other.waitForCatchUp();
    await other.stop();
    expect(await snapshot(fresh)).toEqual(liveState);
  });

  it('rebuilds by replay when the projection has one: same state, checkpoint at the last event, then live', async () => {
    await seed(40);
    const live = readStore('live');
    const runner = new ProjectionRunner(tallies, eventStoreSource(events), live, { batchSize: 7 });
    await runner.start();
    await runner.waitForCatchUp();
    await runner.stop();

    const replayed = readStore('replayed');
    const progress: { processed: number; documents?: number }[] = [];
    const fast = new ProjectionRunner(replayedTallies, eventStoreSource(events), replayed, { batchSize: 7 });
    await fast.start((p) => progress.push(p)); // nothing applied yet: start replays
    expect(await snapshot(replayed)).toEqual(await snapshot(live));
    expect(await replayed.checkpoint('tallies')).toBe(await events.headPosition());
    expect((await replayed.get<Tally>('tallies', 'c0'))!._pos).toBe(await events.headPosition());
    expect(progress.map((p) => p.processed)).toContain(40);
    expect(progress[progress.length - 1].documents).toBe(5);
    // Live after the replay, through apply.
    await seed(10);
    await fast.waitForCatchUp();
    await runner.start();
    await runner.waitForCatchUp();
    expect(await snapshot(replayed)).toEqual(await snapshot(live));
    // And an explicit rebuild replays again to the same state.
    await fast.rebuild();
    expect(await snapshot(replayed)).toEqual(await snapshot(live));
    await fast.stop();
    await runner.stop();
  });

  it('a replay cut short leaves no checkpoint, and the next start replays from a reset', async () => {
    await seed(30);
    const inner = readStore('cut');
    const failing = new CrashBeforeCheckpoint(inner);
    let loads = 0;
    failing.load = async (c, docs) => {
      if (++loads === 2) throw new Error('crash in the middle of the load');
      return inner.load(c, docs);
    };
    const runner = new ProjectionRunner(replayedTallies, eventStoreSource(events), failing, { batchSize: 10 });
    await expect(runner.start()).rejects.toThrow('crash in the middle of the load');
    expect(await inner.checkpoint('tallies')).toBe(-1);
    expect(await inner.count('tallies')).toBe(2);
    const again = new ProjectionRunner(replayedTallies, eventStoreSource(events), inner, { batchSize: 10 });
    await again.start();
    await again.stop();
    const reference = readStore('reference');
    const slow = new ProjectionRunner(tallies, eventStoreSource(events), reference, { batchSize: 10 });
    await slow.start();
    await slow.waitForCatchUp();
    await slow.stop();
    expect(await snapshot(inner)).toEqual(await snapshot(reference));
  });

  it('neither loses nor doubles an effect when it crashes between applying and checkpointing', async () => {
    await seed(30);
    const inner = readStore('crash');
    const crashing = new CrashBeforeCheckpoint(inner);
    const errors: unknown[] = [];
    const first = new ProjectionRunner(tallies, eventStoreSource(events), crashing, { batchSize: 10, onError: (e) => errors.push(e) });
    await first.start();
    await waitUntilForTests(() => errors.length === 1);
    expect(crashing.crashes).toBe(1);
    expect(await inner.checkpoint('tallies')).toBe(-1);
    // The first batch's effects are stored although the checkpoint did not move.
    expect((await snapshot(inner)).reduce((n, t) => n + t.count, 0)).toBe(10);

    const restarted = new ProjectionRunner(tallies, eventStoreSource(events), inner, { batchSize: 4 });
    await restarted.start();
    await restarted.waitForCatchUp();
    await restarted.stop();

    const reference = readStore('reference');
    const clean = new ProjectionRunner(tallies, eventStoreSource(events), reference);
    await clean.start();
    await clean.waitForCatchUp();
    await clean.stop();
    expect(await snapshot(inner)).toEqual(await snapshot(reference));
    expect((await snapshot(inner)).reduce((n, t) => n + t.count, 0)).toBe(30);
  });

  it('restarts itself after a failure when asked to, and ends equal to a clean run', async () => {
    await seed(30);
    const inner = readStore('self-healing');
    const crashing = new CrashBeforeCheckpoint(inner, 1);
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(tallies, eventStoreSource(events), crashing, { batchSize: 10, restartOnError: true, onError: (e) => errors.push(e) });
    await runner.start();
    await waitUntilForTests(() => runner.checkpoint() === 30, 10_000);
    await runner.stop();
    expect(errors).toHaveLength(1);
    expect(runner.status()).toMatchObject({ running: false, restarts: 1, error: undefined });
    expect((await snapshot(inner)).reduce((n, t) => n + t.count, 0)).toBe(30);
  });

  it('resumes from its checkpoint after a restart without reapplying', async () => {
    await seed(12);
    const store = readStore('resume');
    const a = new ProjectionRunner(tallies, eventStoreSource(events), store);
    await a.start();
    await a.waitForCatchUp();
    await a.stop();
    await seed(3);
    const b = new ProjectionRunner(tallies, eventStoreSource(events), store);
    await b.start();
    await b.waitForCatchUp();
    await b.stop();
    expect((await snapshot(store)).reduce((n, t) => n + t.count, 0)).toBe(15);
  });

  it('reports changed documents to listeners after each commit', async () => {
    const store = readStore('notify');
    const runner = new ProjectionRunner(tallies, eventStoreSource(events), store);
    const seen: string[] = [];
    runner.onChange((c) => c.changed.forEach((x) => seen.push(x.id)));
    await runner.start();
    await events.append('s', [counted('c9', 3)], { expectedRevision: 'any' });
    await runner.waitForCatchUp();
    await runner.stop();
    expect(seen).toContain('c9');
  });

  it('with deferIdleCheckpoints, passes over batches it does not handle without a write, and a crash then loses and doubles nothing', async () => {
    const other = (n: number): EventToAppend => ({ ...counted('x', n), type: 'Unrelated' });
    const store = readStore('idle');
    await seed(5);
    // A source whose subscription the test can end without the runner knowing: a crash.
    let crash: () => Promise<void> = async () => undefined;
    const source = { ...eventStoreSource(events), subscribe: (o: Parameters<ReturnType<typeof eventStoreSource>['subscribe']>[0]) => {
      const sub = eventStoreSource(events).subscribe(o);
      crash = () => sub.stop();
      return sub;
    } };
    const a = new ProjectionRunner(tallies, source, store, { deferIdleCheckpoints: true });
    await a.start();
    await a.waitForCatchUp();
    const stored = await store.checkpoint('tallies');
    for (let i = 0; i < 4; i++) await events.append('noise', [other(i)], { expectedRevision: 'any' });
    await a.waitForCatchUp(); // applied: nothing to do for it
    expect(a.checkpoint()).toBe(await events.headPosition());
    expect(await store.checkpoint('tallies')).toBe(stored); // not written for batches that only move it
    // A crash now: the next runner starts from the stored checkpoint and skips the same events again.
    await crash();
    const b = new ProjectionRunner(tallies, eventStoreSource(events), store, { deferIdleCheckpoints: true });
    await seed(3);
    await b.start();
    await b.waitForCatchUp();
    expect((await snapshot(store)).reduce((n, t) => n + t.count, 0)).toBe(8);
    await events.append('noise', [other(9)], { expectedRevision: 'any' });
    await b.waitForCatchUp();
    await b.stop(); // stores what it passed over
    expect(await store.checkpoint('tallies')).toBe(await events.headPosition());
  });
});
