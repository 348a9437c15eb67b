import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HistoryFields } from '../port';
import { historyPageSql, HistoryRow } from './history-page';

/**
 * The worker's code is history-read-ahead.worker.ts, beside this file: run as built (.js), or from the
 * sources under jest (.ts), compiled as it loads by tools/ts-register.js.
 */
const WORKER_FILE = join(__dirname, `history-read-ahead.worker${extname(__filename)}`);
const FROM_SOURCES = WORKER_FILE.endsWith('.ts');
const REGISTER = resolve(__dirname, '../../../../tools/ts-register.js');
const BOOT_TS = `require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(WORKER_FILE)});`;

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
    const workerData = { file, sql, after, pageSize, ahead };
    this.worker = FROM_SOURCES
      ? new Worker(BOOT_TS, { eval: true, workerData })
      : new Worker(WORKER_FILE, { workerData });
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
    const page =
      this.pages.shift() ?? (await new Promise<string>((resolve, reject) => (this.waiting = { resolve, reject })));
    this.worker.postMessage(1); // room for one more page ahead
    const rows = JSON.parse(page) as HistoryRow[];
    for (const r of rows) if (r[0] > this.after) this.after = r[0];
    return rows;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
