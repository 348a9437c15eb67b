import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The fsync that makes a commit durable, of the write-ahead log SQLite just appended the commit to.
 * SQLite with `synchronous = FULL` makes it itself, inside COMMIT, on the calling thread: the main
 * thread then waited ~4 ms a group on this machine's disk. With `synchronous = NORMAL` SQLite
 * writes the commit's frames into the WAL without syncing it (checkpoints still sync), and this
 * syncs the same file (an fsync flushes the file, through any descriptor) on libuv's thread pool
 * before the store answers. What is acknowledged is on disk exactly as with FULL: its frames and
 * the WAL header before them, in one file, after one fsync.
 */
export class WalSync {
  private fd?: number;
  private readonly memory: boolean;

  constructor(private readonly file: string) {
    this.memory = file === ':memory:' || file === '';
  }

  /** The WAL's descriptor, opened once it exists (after the first commit); its directory synced once so the file's entry survives too. */
  private descriptor(): number | undefined {
    if (this.memory) return undefined;
    if (this.fd === undefined) {
      this.fd = openSync(`${this.file}-wal`, 'r');
      const dir = openSync(dirname(this.file), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return this.fd;
  }

  /** Resolves once everything committed so far is on disk. */
  sync(): Promise<void> {
    const fd = this.descriptor();
    if (fd === undefined) return Promise.resolve();
    return new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
  }

  /** The same, on this thread (bulk appends, which hold it anyway). */
  syncNow(): void {
    const fd = this.descriptor();
    if (fd !== undefined) fsyncSync(fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
