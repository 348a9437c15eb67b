import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readStoreContract } from '../testing/read-store.contract';
import { DocPacker } from '../packed-docs';
import { SqliteReadStore } from './sqlite-read-store';

describe('SqliteReadStore', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  let file = '';
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rs-'));
    dirs.push(dir);
    file = join(dir, 'read-models.db');
    return new SqliteReadStore(file);
  };

  readStoreContract('sqlite', () => ({
    fresh: async () => fresh(),
    reopen: async () => new SqliteReadStore(file),
  }));

  it('creates every declared index, even where names joined by _ would collide', async () => {
    const store = fresh();
    await store.ensureCollections([
      { name: 'a_b', indexes: [{ fields: { c: 1 } }] },
      { name: 'a', indexes: [{ fields: { b_c: 1 } }, { fields: { b_c: -1 } }] },
    ]);
    await store.close();
    const db = new Database(file, { readonly: true });
    const indexes = db.prepare("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'").all();
    db.close();
    expect(indexes).toHaveLength(3);
  });

  it('bulk loads on its writer thread: a call meanwhile waits for them, and a load waiting for room goes on', async () => {
    const store = fresh();
    await store.reset('p', ['items']);
    const docs = (k: number) =>
      Array.from({ length: 3000 }, (_, i) => ({
        _id: `k${k}-${String(i).padStart(4, '0')}`,
        _pos: 1,
        n: i,
        text: 'x'.repeat(200),
      }));
    const loading = (async () => {
      for (let k = 0; k < 12; k++) await store.load('items', docs(k)); // more than the writer takes ahead
    })();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the loads now wait for the writer to take more
    const seen = await store.count('items'); // while loads are under way: it waits for the ones sent
    await loading;
    expect(seen).toBeGreaterThan(0);
    expect(seen % 3000).toBe(0); // whole loads, never part of one
    expect(await store.count('items')).toBe(36000);
    expect(await store.get('items', 'k11-2999')).toEqual(docs(11)[2999]);
    await store.close();
  });

  it('indexes a collection after the loads before it, on the writer, while more loads follow', async () => {
    const store = fresh();
    await store.reset('p', ['done', 'more']);
    await store.load(
      'done',
      Array.from({ length: 2000 }, (_, i) => ({ _id: `d${i}`, _pos: 1, n: i % 7 })),
    );
    await store.ensureCollections([{ name: 'done', indexes: [{ fields: { n: -1 } }] }]); // queued, not waited for
    const more = { _id: 'm', _pos: 1, n: 1 };
    await store.load('more', [more]);
    expect(await store.count('done', { n: 6 })).toBe(285);
    expect((await store.find<typeof more>('done', {}, { sort: { n: -1 }, limit: 1 }))[0].n).toBe(6);
    expect(await store.get('more', 'm')).toEqual(more);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'").all()).toEqual([
      { tbl_name: 'rm_done' },
    ]);
    db.close();
  });

  it('in memory, loads packed batches in place, stored as text like any document', async () => {
    const store = new SqliteReadStore(':memory:');
    await store.reset('p', ['items']);
    const packer = new DocPacker();
    packer.add('a', JSON.stringify({ n: 1, t: '社区' }));
    const batch = packer.take(3);
    await store.load('items', batch);
    expect(await store.get('items', 'a')).toEqual({ _id: 'a', _pos: 3, n: 1, t: '社区' });
    expect(batch.text.length).toBeGreaterThan(0); // not transferred: no thread in between
    await store.close();
  });

  it("transfers a packed batch to its writer thread (no copy: the caller's buffer is left empty)", async () => {
    const store = fresh();
    await store.reset('p', ['items']);
    const packer = new DocPacker();
    packer.add('a', JSON.stringify({ n: 1 }));
    const batch = packer.take(3);
    await store.load('items', batch);
    expect(batch.text.length).toBe(0);
    expect(await store.get('items', 'a')).toEqual({ _id: 'a', _pos: 3, n: 1 });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT typeof(doc) AS t FROM rm_items').get()).toEqual({ t: 'text' });
    db.close();
    await store.close();
  });
});
