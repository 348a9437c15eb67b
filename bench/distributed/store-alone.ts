import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';

export interface StoreAloneResult {
  readonly documents: number;
  readonly documentBytes: number;
  /** Operations per second, one at a time (the next sent when the last answered). */
  readonly findOneById: number;
  readonly replaceOneById: number;
  /** Documents per second in `update` commands of 50 replacements (the read store's chunk on FerretDB). */
  readonly replaceIn50s: number;
  /** Documents per second in unordered inserts of 1,000. */
  readonly insertIn1000s: number;
  /** `find({ _id: { $in: 32 ids } })` per second (a scan of the collection on FerretDB 1.24). */
  readonly findIn32: number;
}

/**
 * The database alone, without the projection: the operations a unit of work sends (documents by
 * id, conditional replacements by id, inserts, `$in`), on documents the size of a community's
 * scoring document, in a collection the size of the benchmark region. What it gives is the ceiling
 * any projection on this database has, which the measured lag and catch-up are held against.
 */
export async function measureStoreAlone(options: {
  mongo: string;
  documents: number;
  seconds?: number;
}): Promise<StoreAloneResult> {
  const name = `cw-bench-${process.env.BENCH_TAG ? `${process.env.BENCH_TAG}-` : ''}alone-${randomUUID().slice(0, 8)}`;
  const conn = await mongoose.createConnection(options.mongo, { dbName: name }).asPromise();
  const col = conn.db!.collection<{ _id: string; _pos: number; [k: string]: unknown }>('rm_alone');
  const seconds = options.seconds ?? 5;
  try {
    // A community's facts (activities by kind, surveys, facilities, problems) is about 2 kB.
    const doc = (i: number, pos: number) => ({
      _id: `c${String(i).padStart(6, '0')}`,
      _pos: pos,
      code: `620102${String(i).padStart(6, '0')}`,
      registered: true,
      scoredUnder: ['gansu-civilized-community'],
      facts: Object.fromEntries(
        Array.from({ length: 40 }, (_, k) => [`key_${k}`, { count: k, day: '2025-05-20', note: 'x'.repeat(20) }]),
      ),
    });
    const documentBytes = Buffer.byteLength(JSON.stringify(doc(0, 0)));
    const ids = Array.from({ length: options.documents }, (_, i) => doc(i, 0)._id);
    const rate = async (work: (i: number) => Promise<number>): Promise<number> => {
      const started = Date.now();
      let done = 0;
      for (let i = 0; Date.now() - started < seconds * 1000; i++) done += await work(i);
      return Math.round(done / ((Date.now() - started) / 1000));
    };
    let pos = 1;
    const insertIn1000s = await rate(async () => {
      await col.deleteMany({});
      const docs = Array.from({ length: options.documents }, (_, i) => doc(i, 0));
      for (let i = 0; i < docs.length; i += 1000) await col.insertMany(docs.slice(i, i + 1000), { ordered: false });
      return docs.length;
    });
    const findOneById = await rate(async (i) => ((await col.findOne({ _id: ids[i % ids.length] })) ? 1 : 1));
    const replaceOneById = await rate(async (i) => {
      const d = doc(i % ids.length, ++pos);
      await col.replaceOne({ _id: d._id, _pos: { $lt: d._pos } }, d, { upsert: true });
      return 1;
    });
    const replaceIn50s = await rate(async (i) => {
      const p = ++pos;
      const ops = Array.from({ length: 50 }, (_, k) => doc((i * 50 + k) % ids.length, p)).map((d) => ({
        replaceOne: { filter: { _id: d._id, _pos: { $lt: d._pos } }, replacement: d, upsert: true },
      }));
      await col.bulkWrite(ops, { ordered: false });
      return 50;
    });
    const findIn32 = await rate(async (i) => {
      await col.find({ _id: { $in: Array.from({ length: 32 }, (_, k) => ids[(i * 32 + k) % ids.length]) } }).toArray();
      return 1;
    });
    return {
      documents: options.documents,
      documentBytes,
      findOneById,
      replaceOneById,
      replaceIn50s,
      insertIn1000s,
      findIn32,
    };
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.destroy();
  }
}
