import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { figuresCases } from './reports.projection.cases';
import { residentReportsProjection } from './reports.projection';

describe.each([
  ['the embedded store (one writer)', true],
  ['SQLite as a shared store (replicas side by side)', false],
])('residents figures and duplicate counts, %s', (_, exclusive) => {
  let dir: string;
  let n = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-residents-figures-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const stores: SqliteReadStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  figuresCases(
    async () => {
      const reads = new SqliteReadStore(join(dir, `reads-${++n}.db`), { exclusive });
      stores.push(reads);
      await reads.ensureCollections(residentReportsProjection.collections);
      return reads;
    },
    { replicas: !exclusive },
  );
});
