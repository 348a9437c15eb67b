import { Worker } from 'node:worker_threads';

/** A row of the history read: position, type, version, data (parsed), recorded_at. */
export type HistoryRow = [number, string, number, unknown, string];

/**
 * The worker: its own read-only connection; each page is sent as one JSON text (the stored data is
 * JSON already), so the consumer parses a page in one call instead of receiving and parsing each
 * row's values. Plain JS evaluated in the worker (no build step between it and the tests).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
// Pages mapped rather than copied by a system call each (as much as the driver allows: 2 GiB).
db.pragma('mmap_size = 2147418112');
const page = db.prepare('SELECT position, type, version, data, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?').raw(true);
let after = workerData.after;
let credit = workerData.ahead;
let done = false;
const pump = () => {
  while (credit > 0 && !done) {
    const rows = page.all(after, workerData.pageSize);
    credit -= 1;
    const parts = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      parts[i] = '[' + r[0] + ',' + JSON.stringify(r[1]) + ',' + r[2] + ',' + r[3] + ',"' + r[4] + '"]';
    }
    parentPort.postMessage('[' + parts.join(',') + ']');
    if (rows.length === 0) done = true;
    else after = rows[rows.length - 1][0];
  }
  if (done) db.close();
};
parentPort.on('message', (n) => { credit += n; pump(); });
pump();
`;

/**
 * Sequential pages of the event log read by a worker thread a few pages ahead: a rebuild's fold
 * and the SQLite reads then use both cores (the reads are about half of a national rebuild).
 * Serves `next()` for the page after `after`; any other request needs a new read-ahead.
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
    ahead = 4,
  ) {
    this.after = after;
    this.worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file, after, pageSize, ahead } });
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
    if (rows.length > 0) this.after = rows[rows.length - 1][0];
    return rows;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
