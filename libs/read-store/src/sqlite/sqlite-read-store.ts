import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  CollectionSpec,
  DocWrite,
  FieldCondition,
  Filter,
  FindOptions,
  IndexSpec,
  ReadDoc,
  ReadStore,
  Scalar,
  assertCollectionName,
  assertFieldName,
} from '../port';
import { isPacked, PackedDocs } from '../packed-docs';
import { BulkRow, BulkWriter, INSERTED_DOC, insertRows } from './bulk-writer';
import { WalCheckpointer } from './wal-checkpointer';

/**
 * The embedded read store: a table per collection (`id`, `pos`, JSON `doc`) with expression
 * indexes on json_extract, so filters and sorts on declared fields use an index. A projection's
 * writes and its checkpoint commit in one transaction. `_id` and `_pos` live in their columns only
 * (not repeated in the text: tens of megabytes in a national read model). Bulk loads into a file go
 * through a writer thread.
 */
export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly known = new Set<string>();
  /** Prepared statements by SQL text: preparing is the expensive part of a small write. */
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  private stmt<T = unknown>(sql: string): Database.Statement<unknown[], T> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s as Database.Statement<unknown[], T>;
  }

  private readonly cacheMiB: number;
  /** Loads still being written (file stores): every other call waits for them. */
  private writer?: BulkWriter;
  /** A file store's checkpoints, made on a worker thread (wal-checkpointer.ts). */
  private readonly checkpointer?: WalCheckpointer;

  constructor(
    private readonly file: string,
    options: { cacheMiB?: number } = {},
  ) {
    this.cacheMiB = options.cacheMiB ?? 256;
    this.db = new Database(file);
    // Pages of 16 KiB in a new file (an existing one keeps its size): fuller pages, a national read
    // model 8 % smaller (measured in bench/national).
    this.db.pragma('page_size = 16384');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // A national read model is gigabytes of B-trees written in random key order: a page cache far
    // above the 2 MiB default saves most re-reads (measured in bench/national).
    this.db.pragma(`cache_size = -${this.cacheMiB * 1024}`);
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL)');
    if (file !== ':memory:' && file !== '') this.checkpointer = new WalCheckpointer(file, this.db);
  }

  /**
   * Tables and indexes. While a bulk load is being written they are made by the writer after it
   * (so a projection's replay has a finished collection indexed while it goes on with the others);
   * otherwise here.
   */
  async ensureCollections(specs: readonly CollectionSpec[]): Promise<void> {
    const ddl = specs.flatMap((spec) => [
      tableSql(spec.name),
      ...(spec.indexes ?? []).map((index) => indexSql(spec.name, index)),
    ]);
    if (this.writer) {
      specs.forEach((spec) => this.known.delete(spec.name));
      await this.writer.exec(ddl.join(';\n'));
      return;
    }
    ddl.forEach((sql) => this.db.exec(sql));
    specs.forEach((spec) => this.known.add(spec.name));
  }

  private table(name: string): string {
    if (!this.known.has(name)) {
      this.db.exec(tableSql(name));
      this.known.add(name);
    }
    return `rm_${name}`;
  }

  async get<T extends ReadDoc>(collection: string, id: string): Promise<T | undefined> {
    await this.loaded();
    const row = this.stmt<Stored>(`SELECT id, pos, doc FROM ${this.table(collection)} WHERE id = ?`).get(id);
    return row ? parse<T>(row) : undefined;
  }

  async getMany<T extends ReadDoc>(collection: string, ids: readonly string[]): Promise<T[]> {
    await this.loaded();
    if (ids.length === 0) return [];
    const out: T[] = [];
    const table = this.table(collection);
    // Prepared once per chunk length and kept with the others (preparing each time was 1.5 % of
    // the main thread on the live write path, docs/benchmarks.md).
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.stmt<Stored>(
        `SELECT id, pos, doc FROM ${table} WHERE id IN (${chunk.map(() => '?').join(',')})`,
      ).all(...chunk);
      rows.forEach((r) => out.push(parse<T>(r)));
    }
    return out;
  }

  async find<T extends ReadDoc>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    await this.loaded();
    const { where, params } = compile(filter);
    const order = Object.entries(options.sort ?? {})
      .map(([f, d]) => (assertFieldName(f), `${json(f)} ${d === -1 ? 'DESC' : 'ASC'}`))
      .concat('id ASC')
      .join(', ');
    const sql = `SELECT id, pos, doc FROM ${this.table(collection)} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const rows = this.stmt<Stored>(sql).all(...params, options.limit ?? -1, options.skip ?? 0);
    return rows.map((r) => parse<T>(r));
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    await this.loaded();
    const { where, params } = compile(filter);
    return this.db
      .prepare<Scalar[], { n: number }>(`SELECT COUNT(*) AS n FROM ${this.table(collection)} ${where}`)
      .get(...params)!.n;
  }

  async commit(projection: string, writes: readonly DocWrite[], checkpoint: number): Promise<void> {
    await this.loaded();
    const tx = this.db.transaction(() => {
      for (const w of writes) {
        const table = this.table(w.collection);
        if ('put' in w) {
          const guard = w.derived ? '' : `WHERE excluded.pos > ${table}.pos`;
          this.stmt(
            `INSERT INTO ${table} (id, pos, doc) VALUES (?, ?, ?)
             ON CONFLICT(id) DO UPDATE SET pos = excluded.pos, doc = excluded.doc ${guard}`,
          ).run(w.put._id, w.put._pos, text(w.put));
        } else {
          if (w.derived) this.stmt(`DELETE FROM ${table} WHERE id = ?`).run(w.delete);
          else this.stmt(`DELETE FROM ${table} WHERE id = ? AND pos < ?`).run(w.delete, w.pos);
        }
      }
      this.stmt(
        'INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT(projection) DO UPDATE SET position = excluded.position',
      ).run(projection, checkpoint);
    });
    tx();
    this.checkpointer?.committed();
  }

  async load(collection: string, docs: readonly ReadDoc[] | PackedDocs): Promise<void> {
    assertCollectionName(collection);
    const rows = isPacked(docs) ? docs : docs.map((d): BulkRow => [d._id, d._pos, text(d)]);
    if (this.file === ':memory:') {
      const insert = this.stmt(
        `INSERT OR REPLACE INTO ${this.table(collection)} (id, pos, doc) VALUES (?, ?, ${INSERTED_DOC})`,
      );
      this.db.transaction(() => insertRows(insert, rows))();
    } else {
      // The writer creates the table on its connection; this one learns of it at its next use.
      this.known.delete(collection);
      await (this.writer ??= new BulkWriter(this.file, this.cacheMiB)).write(`rm_${collection}`, rows);
    }
  }

  /** Waits for loads still being written. */
  private async loaded(): Promise<void> {
    const writer = this.writer;
    if (!writer) return;
    this.writer = undefined;
    this.statements.clear(); // prepared before the writer changed the schema
    await writer.drain();
  }

  async checkpoint(projection: string): Promise<number> {
    await this.loaded();
    return (
      this.db
        .prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE projection = ?')
        .get(projection)?.position ?? -1
    );
  }

  async reset(projection: string, collections: readonly string[]): Promise<void> {
    await this.loaded();
    // Dropped, not emptied: a bulk load into a table without indexes, indexed afterwards in one
    // sorted pass by ensureCollections, is several times faster than keeping them up to date.
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM checkpoints WHERE projection = ?').run(projection);
      collections.forEach((c) => (assertCollectionName(c), this.db.exec(`DROP TABLE IF EXISTS rm_${c}`)));
    })();
    collections.forEach((c) => this.known.delete(c));
    this.statements.clear();
  }

  async close(): Promise<void> {
    await this.loaded();
    await this.checkpointer?.stop();
    this.statements.clear();
    this.db.close();
  }
}

type Stored = { id: string; pos: number; doc: string };

const parse = <T extends ReadDoc>(row: Stored): T => {
  const doc = JSON.parse(row.doc) as { _id: string; _pos: number };
  doc._id = row.id;
  doc._pos = row.pos;
  return doc as T;
};

/** The stored text: the document without `_id` and `_pos` (they are columns). */
function text(doc: ReadDoc): string {
  const { _id, _pos, ...rest } = doc;
  return JSON.stringify(rest);
}

const tableName = (collection: string) => (assertCollectionName(collection), `rm_${collection}`);
const tableSql = (collection: string) =>
  `CREATE TABLE IF NOT EXISTS ${tableName(collection)} (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL)`;

/**
 * An index's statement. Index names are global in SQLite and `_` joins are ambiguous (a_b + c vs
 * a + b_c), and the direction matters: the name is a hash of collection, fields and directions.
 */
function indexSql(collection: string, index: IndexSpec): string {
  const fields = Object.entries(index.fields);
  fields.forEach(([f]) => assertFieldName(f));
  const name = `ix_${collection}_${createHash('sha1')
    .update(JSON.stringify([collection, fields]))
    .digest('hex')
    .slice(0, 12)}`;
  const cols = fields.map(([f, dir]) => `${json(f)} ${dir === -1 ? 'DESC' : 'ASC'}`).join(', ');
  return `CREATE INDEX IF NOT EXISTS ${name} ON ${tableName(collection)} (${cols})`;
}

/** A field in SQL: `_id` is the primary key column (an index of its own), `_pos` a column, the others are read from the JSON. */
const json = (field: string) => (field === '_id' ? 'id' : field === '_pos' ? 'pos' : `json_extract(doc, '$.${field}')`);

function compile(filter: Filter): { where: string; params: Scalar[] } {
  const clauses: string[] = [];
  const params: Scalar[] = [];
  for (const [field, cond] of Object.entries(filter)) {
    assertFieldName(field);
    const col = json(field);
    if (cond === null) clauses.push(`${col} IS NULL`);
    else if (typeof cond !== 'object') {
      clauses.push(`${col} = ?`);
      params.push(sqlValue(cond));
    } else if ('$in' in cond) {
      // NULL never equals anything in SQL, so a null in the list becomes IS NULL (as in MongoDB).
      const values = (cond as { $in: Scalar[] }).$in.filter((v) => v !== null);
      const alternatives = values.length ? [`${col} IN (${values.map(() => '?').join(',')})`] : [];
      if (values.length < (cond as { $in: Scalar[] }).$in.length) alternatives.push(`${col} IS NULL`);
      clauses.push(alternatives.length ? `(${alternatives.join(' OR ')})` : '0');
      params.push(...values.map(sqlValue));
    } else {
      for (const [op, sym] of [
        ['$gt', '>'],
        ['$gte', '>='],
        ['$lt', '<'],
        ['$lte', '<='],
      ] as const) {
        const v = (cond as Exclude<FieldCondition, Scalar | { $in: Scalar[] }>)[op];
        if (v !== undefined) {
          clauses.push(`${col} ${sym} ?`);
          params.push(sqlValue(v));
        }
      }
    }
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** json_extract yields 1/0 for JSON booleans. */
const sqlValue = (v: Scalar): Scalar => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
