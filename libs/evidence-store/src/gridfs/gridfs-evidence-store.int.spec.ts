import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { describeIntegration } from '@chuangwen/testing';
import { evidenceStoreContract } from '../testing/evidence-store.contract';
import { GridFsEvidenceStore } from './gridfs-evidence-store';

// Against MONGO_URL (FerretDB 1.24 here and in CI), else a MongoDB testcontainer, else a visible skip.
describeIntegration('mongo', 'GridFsEvidenceStore', (url) => {
  const run = `cw_ev_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbs: string[] = [];
  const open = (dbName: string) => new GridFsEvidenceStore(url(), { dbName, serverSelectionTimeoutMS: 10_000 });

  afterAll(async () => {
    const conn = await mongoose.createConnection(url(), { serverSelectionTimeoutMS: 10_000 }).asPromise();
    for (const name of dbs) await conn.useDb(name).dropDatabase();
    await conn.destroy();
  });

  evidenceStoreContract('gridfs', () => ({
    fresh: async () => {
      dbs.push(`${run}_${dbs.length}`);
      return open(dbs[dbs.length - 1]);
    },
    reopen: async () => open(dbs[dbs.length - 1]),
  }));
});
