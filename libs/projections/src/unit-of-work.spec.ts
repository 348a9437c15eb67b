import type { ReadDoc } from '@chuangwen/read-store';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { UnitOfWork } from './unit-of-work';

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
    await commit([['a', 5], ['b', 9]]);
    await commit([['a', 7]]);
    const docs = Object.fromEntries((await store.find<Count>('counts')).map((d) => [d._id, d]));
    expect(docs.a).toMatchObject({ n: 2, _pos: 7 });
    expect(docs.b).toMatchObject({ n: 1, _pos: 9 });
  });

  it('replaying the same units after a crash doubles nothing', async () => {
    await commit([['a', 5], ['b', 9]]);
    await commit([['a', 7]]);
    await commit([['a', 5], ['b', 9]]);
    await commit([['a', 7]]);
    expect((await store.find<Count>('counts')).map((d) => d.n)).toEqual([2, 1]);
  });

  it('tells the store the position it read for each document (-1: absent), for adapters without transactions', async () => {
    await commit([['a', 5]]);
    const uow = new UnitOfWork(store, 9);
    await uow.prefetch('counts', ['a', 'b']);
    await bump(uow, 'a', 8);
    await bump(uow, 'b', 9);
    expect(Object.fromEntries(uow.writes().map((w) => ['put' in w ? w.put._id : w.delete, w.stored]))).toEqual({ a: 5, b: -1 });
  });
});
