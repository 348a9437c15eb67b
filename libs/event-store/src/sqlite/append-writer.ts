/**
 * The SQLite event store's writer thread: its own connection (WAL, synchronous = FULL), one group
 * of appends a message, answered once committed. The appending thread goes on with its requests and
 * projections while the group is written and fsynced, and gathers the next group meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { GroupWriter, StoredAppend } from './group-commit';

const db = new Database(workerData.file as string, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const writer = new GroupWriter(db);

parentPort!.on('message', ({ group, recordedAt }: { group: StoredAppend[]; recordedAt: string }) => {
  try {
    parentPort!.postMessage({ ok: writer.write(group, recordedAt) });
  } catch (error) {
    parentPort!.postMessage({ failed: { name: (error as Error).name, message: (error as Error).message ?? String(error) } });
  }
});
