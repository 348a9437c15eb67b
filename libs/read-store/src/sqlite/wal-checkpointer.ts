import { Worker } from 'node:worker_threads';

/**
 * The worker: its own connection, a PASSIVE checkpoint (it waits for no reader or writer) every
 * `intervalMs` when the connection it serves has committed since the last one (a counter both
 * threads see): a bulk load's own writer keeps its own checkpoints. Plain JS evaluated in the worker.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const commits = new Int32Array(workerData.commits);
let seen = 0;
let timer;
const tick = () => {
  try {
    const now = Atomics.load(commits, 0);
    if (now !== seen) {
      seen = now;
      checkpoint.get();
    }
  } catch (e) {
    // Busy past the timeout: the next tick tries again.
    if (e.code !== 'SQLITE_BUSY' && e.code !== 'SQLITE_LOCKED') throw e;
  }
  timer = setTimeout(tick, workerData.intervalMs);
};
parentPort.on('message', (m) => { if (m === 'stop') { clearTimeout(timer); db.close(); process.exit(0); } });
tick();
`;

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
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file, intervalMs, commits: this.commits.buffer },
    });
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
