import { Worker } from 'node:worker_threads';
import { isPacked, PackedDocs, packedBuffers } from '../packed-docs';

/** A row of a read-model table: id, position, document text. */
export type BulkRow = [string, number, string];

/** The document's value in a bulk insert: a packed text is bound as bytes (a BLOB) and stored as the text it is. */
export const INSERTED_DOC = 'CAST(? AS TEXT)';

/**
 * Inserts rows, or a packed batch, with a prepared `INSERT … VALUES (?, ?, CAST(? AS TEXT))`.
 * Self-contained: its source is part of the writer thread's too.
 */
export function insertRows(insert: { run(...params: unknown[]): unknown }, rows: readonly BulkRow[] | PackedDocs): void {
  if (Array.isArray(rows)) {
    for (const r of rows) insert.run(r[0], r[1], r[2]);
    return;
  }
  const { ids, pos, text, ends } = rows as PackedDocs;
  const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  for (let i = 0, start = 0; i < ids.length; start = ends[i++]) insert.run(ids[i], pos, bytes.subarray(start, ends[i]));
}

/**
 * The worker: its own connection, batches written in transactions of a few thousand rows. Plain JS
 * evaluated in the worker (no build step between it and the tests).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -' + workerData.cacheMiB * 1024);
// A checkpoint (with its two fsyncs) every 64 MiB of WAL rather than every 4 MiB: a bulk load of
// gigabytes otherwise spends much of its time waiting for the disk.
db.pragma('wal_autocheckpoint = 16384');
const inserts = new Map();
const insertRows = ${insertRows.toString()};
const insert = (table) => {
  if (!inserts.has(table)) {
    db.exec('CREATE TABLE IF NOT EXISTS ' + table + ' (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL)');
    inserts.set(table, db.prepare('INSERT OR REPLACE INTO ' + table + ' (id, pos, doc) VALUES (?, ?, ${INSERTED_DOC})'));
  }
  return inserts.get(table);
};
// Batches share a transaction until it holds workerData.rowsPerCommit rows: a commit rewrites the
// B-trees' interior pages, so small batches committed one by one cost the writer a third more.
let open = 0;
const commit = () => {
  if (db.inTransaction) db.exec('COMMIT');
  open = 0;
};
const write = (table, rows) => {
  if (!db.inTransaction) db.exec('BEGIN');
  insertRows(insert(table), rows);
  open += rows.length ?? rows.ids.length;
  if (open >= workerData.rowsPerCommit) commit();
};
parentPort.on('message', ({ table, rows, sql, flush }) => {
  try {
    if (sql) {
      commit();
      db.exec(sql);
    } else if (flush) commit();
    else write(table, rows);
    parentPort.postMessage({ ok: true });
  } catch (e) {
    parentPort.postMessage({ error: String((e && e.stack) || e) });
  }
});
`;

/**
 * Bulk loads written by a worker thread while the caller goes on (a rebuild scores the next
 * communities while the previous ones are inserted: both cores busy). At most `ahead` batches wait;
 * they are committed `rowsPerCommit` rows at a time. `drain` commits, waits for all and ends the
 * worker, so reads after it see everything.
 */
export class BulkWriter {
  private readonly worker: Worker;
  private pending = 0;
  private failure?: Error;
  /** Everyone waiting for an acknowledgement (a load and a drain may wait at once). */
  private wakers: (() => void)[] = [];

  constructor(
    file: string,
    cacheMiB: number,
    private readonly ahead = 3,
    rowsPerCommit = 3_000,
  ) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file, cacheMiB, rowsPerCommit } });
    this.worker.on('message', (m: { ok?: true; error?: string }) => {
      this.pending -= 1;
      if (m.error) this.failure ??= new Error(`bulk load failed: ${m.error}`);
      this.wakeAll();
    });
    this.worker.on('error', (e) => {
      this.failure ??= e;
      this.pending = 0;
      this.wakeAll();
    });
  }

  /** Queues rows, or a packed batch (its buffers are transferred to the writer: unusable here afterwards). */
  async write(table: string, rows: readonly BulkRow[] | PackedDocs): Promise<void> {
    if (this.failure) throw this.failure;
    this.worker.postMessage({ table, rows }, isPacked(rows) ? packedBuffers(rows) : []);
    this.pending += 1;
    while (this.pending > this.ahead) await this.acknowledged();
  }

  /** Runs statements (schema: tables, indexes) after the loads before them, on the writer's connection. */
  async exec(sql: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.worker.postMessage({ sql });
    this.pending += 1;
  }

  async drain(): Promise<void> {
    if (!this.failure) {
      this.worker.postMessage({ flush: true });
      this.pending += 1;
    }
    while (this.pending > 0) await this.acknowledged();
    await this.worker.terminate();
    if (this.failure) throw this.failure;
  }

  private acknowledged(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  private wakeAll(): void {
    const wakers = this.wakers;
    this.wakers = [];
    wakers.forEach((wake) => wake());
  }
}
