import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { describeIntegration } from '@chuangwen/testing';
import { readStoreContract } from '../testing/read-store.contract';
import { MongoReadStore } from './mongo-read-store';

// Against MONGO_URL (FerretDB from deploy/local in CI), else a MongoDB testcontainer, else a
// visible skip. Every fresh() gets its own database, dropped at the end, so runs never collide.
describeIntegration('mongo', 'MongoReadStore', (url) => {
  const run = `cw_rs_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbs: string[] = [];
  const open = (dbName: string) => new MongoReadStore(url(), { dbName, serverSelectionTimeoutMS: 10_000 });

  afterAll(async () => {
    const conn = await mongoose.createConnection(url(), { serverSelectionTimeoutMS: 10_000 }).asPromise();
    for (const name of dbs) await conn.useDb(name).dropDatabase();
    await conn.destroy();
  });

  readStoreContract('mongo', () => ({
    fresh: async () => {
      dbs.push(`${run}_${dbs.length}`);
      return open(dbs[dbs.length - 1]);
    },
    reopen: async () => open(dbs[dbs.length - 1]),
  }));

  // Not a case the runner creates (one writer per projection), but the one that exercises the
  // duplicate-key fallback: both writers read "absent", one insert loses, the higher position wins.
  it('two writers racing on new documents: the higher position wins', async () => {
    dbs.push(`${run}_race`);
    const [a, b] = [open(dbs[dbs.length - 1]), open(dbs[dbs.length - 1])];
    const docs = (pos: number) =>
      Array.from({ length: 120 }, (_, i) => ({ collection: 'race', put: { _id: `d${i}`, _pos: pos, by: pos } }));
    await Promise.all([a.commit('a', docs(5), 5), b.commit('b', docs(6), 6)]);
    const stored = await a.find<{ _id: string; _pos: number; by: number }>('race');
    expect(stored).toHaveLength(120);
    expect(stored.every((d) => d._pos === 6 && d.by === 6)).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });
});
