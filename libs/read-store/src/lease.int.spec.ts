import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { MongoReadStore } from '@chuangwen/read-store/mongo';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { describeIntegration } from '@chuangwen/testing';
import { ReadStoreLease } from './lease';
import type { ReadStore } from './port';

/** Two processes' views of one store (two connections), and a clock the test moves. */
interface LeaseWorld {
  open(): Promise<[ReadStore, ReadStore]>;
}

function leaseSuite(name: string, world: () => LeaseWorld): void {
  describe(`ReadStoreLease: ${name}`, () => {
    let stores: ReadStore[] = [];
    let clock = 1_000_000;
    const now = () => clock;
    const leases = async (ttlMs = 5000) => {
      stores = await world().open();
      const lease = randomUUID();
      return stores.map(
        (s, i) => new ReadStoreLease(s, { name: `lease-${lease}`, holder: `relay-${i + 1}`, ttlMs, now }),
      );
    };
    afterEach(async () => {
      await Promise.all(stores.map((s) => s.close()));
    });

    it('given one holder, a second relay stands by; when the holder goes silent for the timeout, the standby takes over and the old holder is fenced', async () => {
      const [a, b] = await leases();
      expect(await a.acquire()).toBe(true);
      expect(a.term()).toBe(1);
      expect(await b.acquire()).toBe(false);
      clock += 3000;
      expect(await a.acquire()).toBe(true); // renewed: the standby's wait starts again
      expect(await b.acquire()).toBe(false);
      clock += 4000;
      expect(await b.acquire()).toBe(false); // 4 s of silence on its clock: not yet
      expect(a.held()).toBe(true); // 4 s after a's last renewal, within its 5 s
      clock += 1000;
      expect(a.held()).toBe(false); // a's own time ran out first …
      expect(await b.acquire()).toBe(true); // … then the standby took over
      expect(b.term()).toBe(2);
      expect(await a.acquire()).toBe(false); // a woke up: its renewal is refused
      expect(a.held()).toBe(false);
      expect(await b.acquire()).toBe(true);
    });

    it('hands over at once on release', async () => {
      const [a, b] = await leases();
      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
      await a.release();
      expect(a.held()).toBe(false);
      expect(await b.acquire()).toBe(true);
      expect(b.term()).toBe(2);
    });

    it('of two relays racing for a free lease, exactly one wins, again and again', async () => {
      const [a, b] = await leases(1);
      for (let round = 0; round < 10; round++) {
        clock += 10; // both see the lease as long silent
        await Promise.all([a.acquire(), b.acquire()]); // first sighting of the version
        clock += 10;
        const won = await Promise.all([a.acquire(), b.acquire()]);
        expect(won.filter(Boolean).length).toBeLessThanOrEqual(1);
        expect([a.held(), b.held()].filter(Boolean).length).toBeLessThanOrEqual(1);
      }
      // Renewals of one holder, concurrent within its process, never refuse each other.
      clock += 10;
      await a.acquire();
      clock += 10;
      const holder = (await a.acquire()) ? a : (await b.acquire()) ? b : undefined;
      expect(holder).toBeDefined();
      expect(await Promise.all([holder!.acquire(), holder!.acquire(), holder!.acquire()])).toEqual([true, true, true]);
    });
  });
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
leaseSuite('SQLite read store (two connections to one file)', () => ({
  open: async () => {
    dirs.push(mkdtempSync(join(tmpdir(), 'cw-lease-')));
    const file = join(dirs[dirs.length - 1], 'reads.db');
    return [new SqliteReadStore(file), new SqliteReadStore(file)];
  },
}));

// FerretDB has no transactions: the compare-and-set rests on the conditional upsert alone.
describeIntegration('mongo', 'ReadStoreLease on MongoDB', (url) => {
  const db = `cw_i17b_lease_${randomBytes(3).toString('hex')}`;
  afterAll(async () => {
    const conn = await mongoose.createConnection(url(), { serverSelectionTimeoutMS: 10_000 }).asPromise();
    await conn.useDb(db).dropDatabase();
    await conn.destroy();
  });
  leaseSuite('mongo', () => ({
    open: async () => [new MongoReadStore(url(), { dbName: db }), new MongoReadStore(url(), { dbName: db })],
  }));
});
