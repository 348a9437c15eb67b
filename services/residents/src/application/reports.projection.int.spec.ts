import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { MongoReadStore } from '@chuangwen/read-store/mongo';
import { describeIntegration } from '@chuangwen/testing';
import { figuresCases } from './reports.projection.cases';
import { residentReportsProjection } from './reports.projection';

// The distributed store (FerretDB at MONGO_URL in CI): conditional writes by version are real here.
// Every case gets its own database, dropped at the end.
describeIntegration('mongo', 'residents figures and duplicate counts on MongoDB', (url) => {
  const run = `i21r_resfig_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbs: string[] = [];
  const stores: MongoReadStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  afterAll(async () => {
    const conn = await mongoose.createConnection(url(), { serverSelectionTimeoutMS: 10_000 }).asPromise();
    for (const name of dbs) await conn.useDb(name).dropDatabase();
    await conn.destroy();
  });

  figuresCases(
    async () => {
      dbs.push(`${run}_${dbs.length}`);
      const reads = new MongoReadStore(url(), { dbName: dbs[dbs.length - 1], serverSelectionTimeoutMS: 10_000 });
      stores.push(reads);
      await reads.ensureCollections(residentReportsProjection.collections);
      return reads;
    },
    { replicas: true },
  );
});
