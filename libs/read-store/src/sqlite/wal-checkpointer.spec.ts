import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from './sqlite-read-store';

describe('WalCheckpointer: a file read store’s WAL is copied back by a worker, not by its commits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-ckpt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the WAL from growing past one checkpoint’s worth while commits go on, every document readable', async () => {
    const file = join(dir, 'reads.db');
    const store = new SqliteReadStore(file);
    const text = 'x'.repeat(2000);
    // 3,000 commits of 20 documents of 2 kB: ~120 MB of pages through the WAL, far past the
    // connection's own threshold (4,000 pages of 16 kB).
    for (let batch = 0; batch < 3000; batch++) {
      const writes = Array.from({ length: 20 }, (_, i) => ({
        collection: 'docs',
        put: { _id: `d${(batch * 7 + i) % 500}`, _pos: batch, text, batch },
      }));
      await store.commit('p', writes, batch);
      if (batch % 100 === 0) await new Promise((r) => setTimeout(r, 5)); // a live platform idles between batches
    }
    await new Promise((r) => setTimeout(r, 500));
    const other = new Database(file, { readonly: true });
    const [{ busy, log, checkpointed }] = other.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    other.close();
    // Everything committed is already in the database file: nothing left to copy.
    expect({ busy, behind: log - checkpointed }).toEqual({ busy: 0, behind: 0 });
    expect(statSync(`${file}-wal`).size).toBeLessThan(80 * 2 ** 20);
    expect(await store.checkpoint('p')).toBe(2999);
    expect((await store.get<{ _id: string; _pos: number; batch: number }>('docs', 'd0'))?.batch).toBeGreaterThan(2900);
    await store.close();
  });
});
