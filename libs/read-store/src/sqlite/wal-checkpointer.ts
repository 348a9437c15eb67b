import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code is wal-checkpointer.worker.ts, beside this file: run as built (.js), or from the
 * sources under jest (.ts), compiled as it loads by tools/ts-register.js.
 */
const WORKER_FILE = join(__dirname, `wal-checkpointer.worker${extname(__filename)}`);
const FROM_SOURCES = WORKER_FILE.endsWith('.ts');
const REGISTER = resolve(__dirname, '../../../../tools/ts-register.js');
const BOOT_TS = `require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(WORKER_FILE)});`;

/** SQLite's default: a checkpoint once the WAL holds 1,000 pages. */
const SQLITE_THRESHOLD = 1000;

/**
 * Copies a WAL's frames back into the database file on a worker thread, so that the committing
 * thread never does. SQLite's automatic checkpoint runs inside the COMMIT that crosses its
 * threshold: a copy of megabytes and two fsyncs on the main thread, 9 ms each time and every
 * dozen read-model commits at 32 clients (docs/benchmarks.md). A passive checkpoint cannot end the
 * WAL while commits keep coming (the writer restarts it only once every frame is copied back), so
 * the connection keeps its own, at four times SQLite's threshold: when it runs, the worker has
 * already copied most frames, and it comes a quarter as often. If the worker fails, the
 * connection goes back to SQLite's own threshold.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped = false;
  private readonly commits = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    file: string,
    private readonly connection: { pragma(source: string): unknown },
    intervalMs = 200,
  ) {
    // A bulk load's own writer keeps its own checkpoints; this one serves the store's connection.
    const workerData = { file, intervalMs, commits: this.commits.buffer };
    this.worker = FROM_SOURCES
      ? new Worker(BOOT_TS, { eval: true, workerData })
      : new Worker(WORKER_FILE, { workerData });
    this.worker.unref();
    connection.pragma(`wal_autocheckpoint = ${4 * SQLITE_THRESHOLD}`);
    const fallBack = () => {
      if (!this.stopped) connection.pragma(`wal_autocheckpoint = ${SQLITE_THRESHOLD}`);
    };
    this.worker.on('error', fallBack);
    this.worker.on('exit', fallBack);
  }

  /** The connection committed: the worker checkpoints at its next tick. */
  committed(): void {
    Atomics.add(this.commits, 0, 1);
  }

  /** Stops the worker; the connection checkpoints by itself again (and at close, as SQLite does). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage('stop');
    await exited;
    this.connection.pragma(`wal_autocheckpoint = ${SQLITE_THRESHOLD}`);
  }
}
