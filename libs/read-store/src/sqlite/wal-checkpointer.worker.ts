import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The checkpointer's thread (wal-checkpointer.ts): its own connection, a PASSIVE checkpoint (it
 * waits for no reader or writer) every `intervalMs` when the connection it serves has committed since
 * the last one (a counter both threads see).
 */
const { file, intervalMs } = workerData as { file: string; intervalMs: number; commits: SharedArrayBuffer };
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const commits = new Int32Array(workerData.commits);
let seen = 0;
let timer: NodeJS.Timeout | undefined;

const tick = () => {
  try {
    const now = Atomics.load(commits, 0);
    if (now !== seen) {
      seen = now;
      checkpoint.get();
    }
  } catch (e) {
    // Busy past the timeout: the next tick tries again.
    const code = (e as { code?: string }).code;
    if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw e;
  }
  timer = setTimeout(tick, intervalMs);
};

parentPort!.on('message', (m) => {
  if (m === 'stop') {
    clearTimeout(timer);
    db.close();
    process.exit(0);
  }
});
tick();
