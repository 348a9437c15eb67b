import mongoose, { type Connection, type mongo } from 'mongoose';
import { decodeDoc, encodeDoc } from './encoding';
import { isPacked, PackedDocs, unpacked } from '../packed-docs';
import {
  CollectionSpec,
  DocWrite,
  Filter,
  FindOptions,
  ReadDoc,
  ReadStore,
  WriteConflict,
  WriteConflictError,
  assertCollectionName,
  assertFieldName,
} from '../port';

export interface MongoReadStoreOptions {
  /** Overrides the database named in the URL. */
  readonly dbName?: string;
  readonly serverSelectionTimeoutMS?: number;
}

// The driver's types through mongoose, whose dependency the driver is.
type Document = mongo.Document;
type Stored = ReadDoc & Document;
type Op = mongo.AnyBulkWriteOperation<Stored>;

/**
 * The read store on MongoDB or FerretDB v1: a collection `rm_<name>` per read-model collection,
 * checkpoints in `checkpoints`. Mongoose only owns the connection (pooling, reconnects, the URL);
 * documents go through its native driver handle, because read models are schemaless JSON written
 * whole: models with `strict: false` would add casting and `__v` for nothing. Documents are stored
 * in the form of ./encoding.ts (field names and arrays of arrays that FerretDB refuses).
 *
 * No transactions (FerretDB has none): `commit` writes each document conditionally on `_pos` and
 * moves the checkpoint last, so a batch cut short by a crash is simply replayed. Replicas of a
 * projection write side by side: a document owned by one partition is guarded by its position, a
 * shared one (a roll-up) is written conditionally on its version (`write`, `DocWrite.expect`).
 */
export class MongoReadStore implements ReadStore {
  private readonly conn: Connection;
  private readonly ready: Promise<mongo.Db>;
  /** FerretDB v1.24 hangs that database on an `update` command of 100 statements that match
   *  documents (each keeps its read open until the command ends; its SQLite pool has 100). */
  private readonly server: Promise<{ opsPerCommand: number; insertsPerCommand: number; oneByOneUpTo: number }>;

  constructor(url: string, options: MongoReadStoreOptions = {}) {
    // ignoreUndefined: a field set to undefined is absent, as in SQLite's JSON; the driver's default
    // stores null, and `x ?? []` or a destructuring default then no longer applies on read.
    this.conn = mongoose.createConnection(url, {
      autoIndex: false,
      autoCreate: false,
      ignoreUndefined: true,
      ...options,
    });
    this.ready = this.conn.asPromise().then((c) => c.db!);
    this.ready.catch(() => undefined); // reported by the first call, not as an unhandled rejection
    this.server = this.ready
      .then((db) => db.admin().command({ buildInfo: 1 }))
      .then((info) => ({
        opsPerCommand: info.ferretdbVersion ? 50 : 1000,
        insertsPerCommand: 1000,
        oneByOneUpTo: info.ferretdbVersion ? 32 : 0,
      }));
    this.server.catch(() => undefined);
  }

  private async col(name: string): Promise<mongo.Collection<Stored>> {
    assertCollectionName(name);
    return (await this.ready).collection<Stored>(`rm_${name}`);
  }

  async ensureCollections(specs: readonly CollectionSpec[]): Promise<void> {
    const db = await this.ready;
    const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    for (const spec of specs) {
      const col = await this.col(spec.name);
      if (!existing.has(col.collectionName)) await db.createCollection(col.collectionName).catch(ignoreExists);
      for (const index of spec.indexes ?? []) {
        Object.keys(index.fields).forEach(assertFieldName);
        await col.createIndex({ ...index.fields }); // same keys again: a no-op
      }
    }
  }

  async get<T extends ReadDoc>(collection: string, id: string): Promise<T | undefined> {
    const doc = await (await this.col(collection)).findOne({ _id: id });
    return doc ? (decodeDoc(doc) as unknown as T) : undefined;
  }

  async getMany<T extends ReadDoc>(collection: string, ids: readonly string[]): Promise<T[]> {
    if (ids.length === 0) return [];
    return (await this.byIds(await this.col(collection), ids)).map((d) => decodeDoc(d) as unknown as T);
  }

  /**
   * Documents by id. FerretDB v1 pushes an `_id` equality down to its backend but not `$in`, which
   * it answers by reading and decoding the whole collection (measured here: 0.9–1.8 s for 181
   * communities or fact logs, against 5–150 ms per findOne): a few ids are fetched one by one,
   * concurrently; many, or on MongoDB, with one `$in`.
   */
  private async byIds(col: mongo.Collection<Stored>, ids: readonly string[], projection?: Document): Promise<Stored[]> {
    const { oneByOneUpTo } = await this.server;
    const unique = [...new Set(ids)];
    if (unique.length > oneByOneUpTo)
      return col.find({ _id: { $in: unique } }, projection ? { projection } : {}).toArray() as Promise<Stored[]>;
    const found = await Promise.all(unique.map((_id) => col.findOne({ _id }, projection ? { projection } : {})));
    return found.filter((d): d is Stored => d !== null);
  }

  async find<T extends ReadDoc>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    const col = await this.col(collection);
    if (options.limit === 0) return []; // the driver reads limit 0 as "no limit"
    const sort: Record<string, 1 | -1> = {};
    for (const [f, d] of Object.entries(options.sort ?? {})) {
      assertFieldName(f);
      sort[f] = d;
    }
    sort._id ??= 1; // _id breaks ties: a stable order for paging, as in the SQLite adapter
    let cursor = col.find(compile(filter)).sort(sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()).map((d) => decodeDoc(d) as unknown as T);
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    return (await this.col(collection)).countDocuments(compile(filter));
  }

  async commit(projection: string, writes: readonly DocWrite[], checkpoint: number): Promise<void> {
    const db = await this.ready;
    const conflicts = await this.write(writes);
    if (conflicts.length > 0) throw new WriteConflictError(conflicts);
    await db
      .collection<{ _id: string; position: number }>('checkpoints')
      .updateOne({ _id: projection }, { $set: { position: checkpoint } }, { upsert: true });
  }

  async write(writes: readonly DocWrite[]): Promise<WriteConflict[]> {
    const conditional = writes.filter((w) => w.expect !== undefined);
    await this.writeGuarded(writes.filter((w) => w.expect === undefined));
    return conditional.length > 0 ? this.writeConditional(conditional) : [];
  }

  /**
   * Conditional writes (no transactions, and a bulk's result does not say which update matched):
   * each is sent filtered on the expected `_v` (a put expecting none is an upsert that FerretDB and
   * MongoDB refuse with E11000 when a versioned document is there), then the versions are read back:
   * a put whose own new `_v` is not stored, or a delete whose document is still there, is a conflict.
   * A write overtaken by a later one after it succeeded is reported too: its writer reads again and
   * finds nothing to change, so the report costs a retry, never a figure.
   */
  private async writeConditional(writes: readonly DocWrite[]): Promise<WriteConflict[]> {
    const { opsPerCommand } = await this.server;
    const conflicts: WriteConflict[] = [];
    const byCollection = new Map<string, DocWrite[]>();
    for (const w of writes)
      (byCollection.get(w.collection) ?? byCollection.set(w.collection, []).get(w.collection)!).push(w);
    for (const [collection, list] of byCollection) {
      const col = await this.col(collection);
      const versioned = (v: string | null | undefined) => (v === null ? { _v: { $exists: false } } : { _v: v });
      // A put expecting no version is first tried as an insert (FerretDB inserts ~100x faster than it
      // upserts); where one is stored already (E11000), it replaces one stored without a version.
      const creates = list
        .filter((w) => 'put' in w && w.expect === null)
        .map((w) => encodeDoc((w as { put: ReadDoc }).put) as Stored);
      const others = list
        .filter((w) => !('put' in w && w.expect === null))
        .map((w): Op => {
          if ('delete' in w) return { deleteOne: { filter: { _id: w.delete, ...versioned(w.expect) } } };
          const doc = encodeDoc(w.put) as Stored;
          return { replaceOne: { filter: { _id: doc._id, ...versioned(w.expect) }, replacement: doc } };
        });
      const ignoringDuplicates = (e: unknown) => {
        if (!isOnlyDuplicateKeys(e)) throw e;
      };
      if (creates.length > 0) {
        await col.insertMany(creates, { ordered: false }).catch(async (error) => {
          if (!isOnlyDuplicateKeys(error)) throw error;
          for (const doc of creates) {
            await col.insertOne(doc).catch(async (e) => {
              ignoringDuplicates(e);
              await col.replaceOne({ _id: doc._id, ...versioned(null) }, doc);
            });
          }
        });
      }
      for (let i = 0; i < others.length; i += opsPerCommand)
        await col.bulkWrite(others.slice(i, i + opsPerCommand), { ordered: false });
      const stored = new Map(
        (await this.byIds(col, list.map(idOf), { _v: 1 })).map((d) => [d._id, (d as { _v?: string })._v]),
      );
      for (const w of list) {
        const ok = 'delete' in w ? !stored.has(w.delete) : stored.get(w.put._id) === w.put._v;
        if (!ok) conflicts.push({ collection, id: idOf(w) });
      }
    }
    return conflicts;
  }

  private async writeGuarded(writes: readonly DocWrite[]): Promise<void> {
    const { opsPerCommand, insertsPerCommand } = await this.server;
    for (const [collection, byId] of latestPerDocument(writes)) {
      const col = await this.col(collection);
      // The stored positions decide the write: writes that would change nothing (a replayed batch)
      // are dropped here, and documents not stored yet are inserted, which FerretDB does ~100x
      // faster than upserts (one SQLite transaction per command, not per document). The writer's
      // own reading (`stored`) is trusted; only documents it never read are looked up. The writes
      // stay conditional on `_pos`, so they remain right even if a position is stale.
      const stored = new Map<string, number>();
      const unknown: string[] = [];
      for (const [id, w] of byId) {
        if (w.stored === undefined) unknown.push(id);
        else if (w.stored >= 0) stored.set(id, w.stored);
      }
      if (unknown.length > 0) {
        for (const d of await this.byIds(col, unknown, { _pos: 1 })) stored.set(d._id, d._pos);
      }
      const ops = [...byId].flatMap(([id, w]) => operation(w, stored.get(id)));
      const inserts = ops.filter((o) => 'insertOne' in o);
      const others = ops.filter((o) => !('insertOne' in o));
      for (let i = 0; i < inserts.length; i += insertsPerCommand)
        await bulk(col, inserts.slice(i, i + insertsPerCommand));
      for (let i = 0; i < others.length; i += opsPerCommand) await bulk(col, others.slice(i, i + opsPerCommand));
    }
  }

  async checkpoint(projection: string): Promise<number> {
    const db = await this.ready;
    const row = await db.collection<{ _id: string; position: number }>('checkpoints').findOne({ _id: projection });
    return row?.position ?? -1;
  }

  /**
   * A rebuild's bulk load into a collection `reset` dropped: unordered inserts, no index to keep
   * up (the runner indexes each collection once it is complete). A document loaded twice is
   * replaced: a chunk with duplicate keys is redone as replacements.
   */
  async load(collection: string, batch: readonly ReadDoc[] | PackedDocs): Promise<void> {
    // A packed batch holds each document's JSON text (without _id and _pos, kept beside it).
    const docs: readonly ReadDoc[] = isPacked(batch)
      ? [...unpacked(batch)].map((d) => ({ ...JSON.parse(d._json), _id: d._id, _pos: d._pos }))
      : batch;
    const col = await this.col(collection);
    const { opsPerCommand, insertsPerCommand } = await this.server;
    for (let i = 0; i < docs.length; i += insertsPerCommand) {
      const chunk = docs.slice(i, i + insertsPerCommand).map((d) => encodeDoc(d) as Stored);
      try {
        await col.insertMany(chunk, { ordered: false });
      } catch (error) {
        if (!isOnlyDuplicateKeys(error)) throw error;
        const replace = chunk.map((doc): Op => ({
          replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true },
        }));
        for (let j = 0; j < replace.length; j += opsPerCommand)
          await col.bulkWrite(replace.slice(j, j + opsPerCommand), { ordered: false });
      }
    }
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    const db = await this.ready;
    // Checkpoint first: a crash in between leaves "rebuild from scratch", never "done" over empty data.
    await db.collection<{ _id: string }>('checkpoints').deleteOne({ _id: projection });
    // Dropped with their indexes: a bulk load into an unindexed collection, indexed once after.
    for (const c of collections) await (await this.col(c)).drop().catch(ignoreMissing);
  }

  async close(): Promise<void> {
    await this.conn.destroy(); // also drops it from mongoose's list of connections
  }
}

/**
 * The one write per document that matters: the highest position, the first of equals (as applying
 * them in order would do). The driver groups an unordered bulk by operation type, so two writes to
 * one document must not depend on their order.
 */
function latestPerDocument(writes: readonly DocWrite[]): Map<string, Map<string, DocWrite>> {
  const out = new Map<string, Map<string, DocWrite>>();
  for (const w of writes) {
    const byId = out.get(w.collection) ?? out.set(w.collection, new Map()).get(w.collection)!;
    const id = 'put' in w ? w.put._id : w.delete;
    const prev = byId.get(id);
    if (!prev || position(w) > position(prev) || w.derived) byId.set(id, w);
  }
  return out;
}

/** The write to send given the stored position (undefined: no such document), or none. */
function operation(w: DocWrite, stored: number | undefined): Op[] {
  if ('put' in w && w.derived) {
    const doc = encodeDoc(w.put) as Stored;
    return stored === undefined
      ? [{ insertOne: { document: doc } }]
      : [{ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } }];
  }
  if ('delete' in w && w.derived) return stored === undefined ? [] : [{ deleteOne: { filter: { _id: w.delete } } }];
  if (stored !== undefined && stored >= position(w)) return [];
  if ('delete' in w)
    return stored === undefined ? [] : [{ deleteOne: { filter: { _id: w.delete, _pos: { $lt: w.pos } } } }];
  const doc = encodeDoc(w.put) as Stored;
  return stored === undefined ? [{ insertOne: { document: doc } }] : [put(doc)];
}

/** Replace-or-insert unless a document at or above this position is stored (then: E11000 or nothing). */
const put = (doc: Stored): Op => ({
  replaceOne: { filter: { _id: doc._id, _pos: { $lt: doc._pos } }, replacement: doc, upsert: true },
});

/**
 * Sends one chunk. A duplicate key (E11000) means another write stored the document meanwhile; the
 * chunk is then redone one conditional upsert at a time, E11000 meaning "stored at or above this
 * position". One at a time because FerretDB v1 stops an `update` command at its first error whatever
 * `ordered` says, and reports wrong indexes; redoing applied writes changes nothing.
 */
async function bulk(col: mongo.Collection<Stored>, ops: Op[]): Promise<void> {
  if (ops.length === 0) return;
  try {
    await col.bulkWrite(ops, { ordered: false });
  } catch (error) {
    if (!isOnlyDuplicateKeys(error)) throw error;
    for (const op of ops) {
      try {
        await col.bulkWrite(['insertOne' in op ? put(op.insertOne.document) : op]);
      } catch (e) {
        if (!isOnlyDuplicateKeys(e)) throw e;
      }
    }
  }
}

const position = (w: DocWrite) => ('put' in w ? w.put._pos : w.pos);
const idOf = (w: DocWrite) => ('put' in w ? w.put._id : w.delete);

function compile(filter: Filter): mongo.Filter<Stored> {
  const out: Document = {};
  for (const [field, cond] of Object.entries(filter)) {
    assertFieldName(field); // also keeps out operators such as $where
    if (cond === null || typeof cond !== 'object')
      out[field] = cond; // null also matches a missing field
    else if ('$in' in cond) out[field] = { $in: cond.$in };
    else {
      const range = Object.fromEntries(
        Object.entries(cond).filter(([op, v]) => ['$gt', '$gte', '$lt', '$lte'].includes(op) && v !== undefined),
      );
      if (Object.keys(range).length) out[field] = range;
    }
  }
  return out as mongo.Filter<Stored>;
}

/** A bulk error whose write errors are all E11000 (duplicate key). */
function isOnlyDuplicateKeys(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: { code: number }[] | { code: number } };
  const list = e.writeErrors === undefined ? [] : Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
  return list.length > 0 ? list.every((w) => w.code === 11000) : e.code === 11000;
}

/** drop of a collection never created (a first rebuild): already empty. */
function ignoreMissing(error: { code?: number }): void {
  if (error.code !== 26) throw error; // NamespaceNotFound
}

/** createCollection raced by another process: the collection exists, which is what we wanted. */
function ignoreExists(error: { code?: number }): void {
  if (error.code !== 48) throw error; // NamespaceExists
}
