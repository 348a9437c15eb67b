import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { PackedDocs } from '../packed-docs';
import { BulkRow, INSERTED_DOC, insertRows } from './bulk-rows';

/** The bulk writer's thread (bulk-writer.ts): its own connection, batches written in transactions of a few thousand rows. */
const { file, cacheMiB, rowsPerCommit } = workerData as { file: string; cacheMiB: number; rowsPerCommit: number };
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma(`cache_size = -${cacheMiB * 1024}`);
// A checkpoint (with its two fsyncs) every 64 MiB of WAL rather than every 4 MiB: a bulk load of
// gigabytes otherwise spends much of its time waiting for the disk.
db.pragma('wal_autocheckpoint = 16384');
const inserts = new Map<string, Database.Statement>();
const insert = (table: string) => {
  let statement = inserts.get(table);
  if (!statement) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL)`);
    statement = db.prepare(`INSERT OR REPLACE INTO ${table} (id, pos, doc) VALUES (?, ?, ${INSERTED_DOC})`);
    inserts.set(table, statement);
  }
  return statement;
};
// Batches share a transaction until it holds rowsPerCommit rows: a commit rewrites the B-trees'
// interior pages, so small batches committed one by one cost the writer a third more.
let open = 0;
const commit = () => {
  if (db.inTransaction) db.exec('COMMIT');
  open = 0;
};
const write = (table: string, rows: readonly BulkRow[] | PackedDocs) => {
  if (!db.inTransaction) db.exec('BEGIN');
  insertRows(insert(table), rows);
  open += Array.isArray(rows) ? rows.length : (rows as PackedDocs).ids.length;
  if (open >= rowsPerCommit) commit();
};
parentPort!.on(
  'message',
  ({
    table,
    rows,
    sql,
    flush,
  }: {
    table: string;
    rows: readonly BulkRow[] | PackedDocs;
    sql?: string;
    flush?: boolean;
  }) => {
    try {
      if (sql) {
        commit();
        db.exec(sql);
      } else if (flush) commit();
      else write(table, rows);
      parentPort!.postMessage({ ok: true });
    } catch (e) {
      parentPort!.postMessage({ error: String((e as Error)?.stack ?? e) });
    }
  },
);
