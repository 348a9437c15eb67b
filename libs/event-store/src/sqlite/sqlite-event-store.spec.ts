import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  let file = '';

  eventStoreContract('sqlite', () => ({
    fresh: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cw-es-'));
      dirs.push(dir);
      file = join(dir, 'events.db');
      return new SqliteEventStore({ file, pollIntervalMs: 50 });
    },
    reopen: async () => new SqliteEventStore({ file, pollIntervalMs: 50 }),
  }));
});
