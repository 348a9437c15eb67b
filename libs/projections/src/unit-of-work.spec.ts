import type { ReadDoc, ReadStore } from '@chuangwen/read-store';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { SharedTree, UnitOfWork, writeSharedTree } from './unit-of-work';

interface Count extends ReadDoc {
  n: number;
}
const bump = (uow: UnitOfWork, id: string, position: number) =>
  uow.update<Count>('counts', id, { position }, (d) => ({ ...(d ?? { _id: id, _pos: -1, n: 0 }), n: (d?.n ?? 0) + 1 }));

describe('UnitOfWork over several partitions (a bus source merges them into one unit)', () => {
  let store: SqliteReadStore;
  beforeEach(async () => {
    store = new SqliteReadStore(':memory:');
    await store.ensureCollections([{ name: 'counts' }]);
  });
  afterEach(() => store.close());

  const commit = async (events: [string, number][]) => {
    const uow = new UnitOfWork(store, Math.max(...events.map(([, p]) => p)));
    for (const [id, p] of events) await bump(uow, id, p);
    await store.commit('p', uow.writes(), uow.batchEnd);
    return uow;
  };

  it("stamps a document with its own last event, so a lagging partition's next event still applies", async () => {
    // Partition A carries doc a (positions 5, 7); partition B doc b (position 9). The first unit
    // holds A@5 and B@9; A@7 comes in the next unit.
    await commit([
      ['a', 5],
      ['b', 9],
    ]);
    await commit([['a', 7]]);
    const docs = Object.fromEntries((await store.find<Count>('counts')).map((d) => [d._id, d]));
    expect(docs.a).toMatchObject({ n: 2, _pos: 7 });
    expect(docs.b).toMatchObject({ n: 1, _pos: 9 });
  });

  it('replaying the same units after a crash doubles nothing', async () => {
    await commit([
      ['a', 5],
      ['b', 9],
    ]);
    await commit([['a', 7]]);
    await commit([
      ['a', 5],
      ['b', 9],
    ]);
    await commit([['a', 7]]);
    expect((await store.find<Count>('counts')).map((d) => d.n)).toEqual([2, 1]);
  });

  it('tells the store the position it read for each document (-1: absent), for adapters without transactions', async () => {
    await commit([['a', 5]]);
    const uow = new UnitOfWork(store, 9);
    await uow.prefetch('counts', ['a', 'b']);
    await bump(uow, 'a', 8);
    await bump(uow, 'b', 9);
    expect(Object.fromEntries(uow.writes().map((w) => ['put' in w ? w.put._id : w.delete, w.stored]))).toEqual({
      a: 5,
      b: -1,
    });
  });
});

describe('UnitOfWork.writeSharedTree: one parent set by two writers side by side', () => {
  interface Node extends ReadDoc {
    children: Record<string, number>;
    sum: number;
  }
  const tree: SharedTree<Node> = {
    collection: 'nodes',
    parentOf: (child) => (child.collection === 'counts' ? 'street' : undefined),
    keyOf: (id) => id,
    fold(id, stored, found) {
      const node = stored ?? { _id: id, _pos: -1, children: {}, sum: 0 };
      let changed = false;
      for (const { child, doc } of found) {
        const n = (doc as Count | undefined)?.n ?? 0;
        if (node.children[child.key] === n) continue;
        node.sum += n - (node.children[child.key] ?? 0);
        node.children[child.key] = n;
        changed = true;
      }
      return changed ? node : undefined;
    },
  };

  it('the only writer of its store sets the parent from its own view, committed with the rest', async () => {
    const store = new SqliteReadStore(':memory:');
    await store.ensureCollections([{ name: 'counts' }, { name: 'nodes' }]);
    const uow = new UnitOfWork(store, 5);
    await bump(uow, 'c1', 4);
    await bump(uow, 'c2', 5);
    await uow.flush();
    await writeSharedTree(
      uow,
      tree,
      ['c1', 'c2'].map((id) => ({ collection: 'counts', id, key: id })),
    );
    expect(await store.get('nodes', 'street')).toBeUndefined(); // nothing stored before the commit
    await store.commit('p', uow.writes(), uow.batchEnd);
    expect(await store.get<Node>('nodes', 'street')).toMatchObject({ children: { c1: 1, c2: 1 }, sum: 2 });
    await store.close();
  });

  it('the writer that read the parent before the other wrote it reads again, children included: no update is lost', async () => {
    const store = new SqliteReadStore(':memory:', { exclusive: false }); // as if other processes wrote it too
    await store.ensureCollections([{ name: 'counts' }, { name: 'nodes' }]);
    // Writer A reads the parent, then waits until writer B has set it; A's write then conflicts.
    let release!: () => void;
    const bDone = new Promise<void>((r) => (release = r));
    let held = false;
    const slowA = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key) as (...a: unknown[]) => unknown;
        if (key !== 'write') return typeof value === 'function' ? value.bind(target) : value;
        return async (writes: { collection: string }[]) => {
          if (!held && writes.some((w) => w.collection === 'nodes')) {
            held = true;
            await bDone;
          }
          return value.call(target, writes);
        };
      },
    });
    const unit = async (s: ReadStore, community: string, position: number) => {
      const uow = new UnitOfWork(s, position);
      await bump(uow, community, position);
      await uow.flush();
      await writeSharedTree(uow, tree, [{ collection: 'counts', id: community, key: community }]);
    };
    const a = unit(slowA, 'c1', 5);
    await new Promise((r) => setTimeout(r, 20)); // A has read the parent (absent) and waits to write
    await unit(store, 'c2', 6);
    release();
    await a;
    expect(await store.get<Node>('nodes', 'street')).toMatchObject({ children: { c1: 1, c2: 1 }, sum: 2 });
    await store.close();
  });
});
