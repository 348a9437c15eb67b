import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readStoreContract } from '../testing/read-store.contract';
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
});
