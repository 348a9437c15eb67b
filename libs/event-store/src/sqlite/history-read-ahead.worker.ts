import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The read-ahead's thread (history-read-ahead.ts): its own read-only connection; SQLite builds each
 * page as one JSON text (history-page.ts), which is sent as it is, so the consumer parses a page in
 * one call. It runs `ahead` pages in front of the consumer, one more for every page taken.
 */
const { file, sql, pageSize, ahead } = workerData as {
  file: string;
  sql: string;
  after: number;
  pageSize: number;
  ahead: number;
};
const db = new Database(file, { readonly: true, fileMustExist: true });
// Pages mapped rather than copied by a system call each (as much as the driver allows: 2 GiB).
db.pragma('mmap_size = 2147418112');
const page = db.prepare(sql).raw(true);
let after: number = workerData.after;
let credit = ahead;
let done = false;

const pump = () => {
  while (credit > 0 && !done) {
    const [text, n, last] = page.get(after, pageSize) as [Buffer, number, number];
    credit -= 1;
    parentPort!.postMessage(text.toString('utf8'));
    if (n === 0) done = true;
    else after = last;
  }
  if (done) db.close();
};
parentPort!.on('message', (n: number) => {
  credit += n;
  pump();
});
pump();
