import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isPacked, PackedDocs, packedBuffers } from '../packed-docs';
import type { BulkRow } from './bulk-rows';

export { INSERTED_DOC, insertRows, type BulkRow } from './bulk-rows';

/**
 * The worker's code is bulk-writer.worker.ts, beside this file: run as built (.js), or from the
 * sources under jest (.ts), compiled as it loads by tools/ts-register.js.
 */
const WORKER_FILE = join(__dirname, `bulk-writer.worker${extname(__filename)}`);
const FROM_SOURCES = WORKER_FILE.endsWith('.ts');
const REGISTER = resolve(__dirname, '../../../../tools/ts-register.js');
const BOOT_TS = `require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(WORKER_FILE)});`;

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
    const workerData = { file, cacheMiB, rowsPerCommit };
    this.worker = FROM_SOURCES
      ? new Worker(BOOT_TS, { eval: true, workerData })
      : new Worker(WORKER_FILE, { workerData });
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
