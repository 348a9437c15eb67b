import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Of } from '../port';
import { evidenceStoreContract } from '../testing/evidence-store.contract';
import { FileEvidenceStore } from './file-evidence-store';

describe('FileEvidenceStore', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  evidenceStoreContract('files', () => ({
    fresh: async () => {
      dirs.push(mkdtempSync(join(tmpdir(), 'cw-evidence-')));
      return new FileEvidenceStore(dirs[dirs.length - 1]);
    },
    reopen: async () => new FileEvidenceStore(dirs[dirs.length - 1]),
  }));

  it('keeps each file read-only under its hash, and no temporary file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-evidence-'));
    dirs.push(dir);
    const store = new FileEvidenceStore(dir);
    const bytes = Buffer.from('a photo');
    const hash = sha256Of(bytes);
    await store.put(hash, bytes);
    const path = join(dir, hash.slice(0, 2), hash);
    expect(statSync(path).mode & 0o222).toBe(0);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });
});
