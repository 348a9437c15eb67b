import { Worker } from 'node:worker_threads';
import type { HistoryFields } from '../port';
import { historyPageSql, HistoryRow } from './history-page';

/**
 * The worker: its own read-only connection; SQLite builds each page as one JSON text (history-page.ts),
 * which the worker decodes and sends, so the consumer parses a page in one call. Plain JS evaluated
 * in the worker (no build step between it and the tests).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// Pages mapped rather than copied by a system call each (as much as the driver allows: 2 GiB).
db.pragma('mmap_size = 2147418112');
const page = db.prepare(workerData.sql).raw(true);
let after = workerData.after;
let credit = workerData.ahead;
let done = false;
const pump = () => {
  while (credit > 0 && !done) {
    const [text, n, last] = page.get(after, workerData.pageSize);
    credit -= 1;
    parentPort.postMessage(text.toString('utf8'));
    if (n === 0) done = true;
    else after = last;
  }
  if (done) db.close();
};
parentPort.on('message', (n) => { credit += n; pump(); });
pump();
`;

/**
 * Sequential pages of the event log read by a worker thread a few pages ahead: a rebuild's fold
 * and the SQLite reads then use both cores. Serves `next()` for the page after `after` with the
 * same page size and fields; any other request needs a new read-ahead.
 */
export class HistoryReadAhead {
  private readonly worker: Worker;
  /** Pages as received: parsed only when asked for, so pages waiting are one string each, not thousands of young objects the collector copies. */
  private readonly pages: string[] = [];
  private waiting?: { resolve: (page: string) => void; reject: (e: unknown) => void };
  private failure?: unknown;
  /** The position the next page starts after. */
  after: number;

  constructor(
    file: string,
    after: number,
    readonly pageSize: number,
    readonly fields: HistoryFields | undefined,
    ahead = 4,
  ) {
    this.after = after;
    const sql = historyPageSql(fields);
    this.worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file, sql, after, pageSize, ahead } });
    this.worker.unref();
    this.worker.on('message', (text: string) => {
      if (this.waiting) {
        const { resolve } = this.waiting;
        this.waiting = undefined;
        resolve(text);
      } else this.pages.push(text);
    });
    this.worker.on('error', (e) => {
      this.failure = e;
      this.waiting?.reject(e);
      this.waiting = undefined;
    });
  }

  async next(): Promise<HistoryRow[]> {
    if (this.failure) throw this.failure;
    const page = this.pages.shift() ?? (await new Promise<string>((resolve, reject) => (this.waiting = { resolve, reject })));
    this.worker.postMessage(1); // room for one more page ahead
    const rows = JSON.parse(page) as HistoryRow[];
    for (const r of rows) if (r[0] > this.after) this.after = r[0];
    return rows;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
