import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventToAppend } from '@chuangwen/contracts';
import { WrongExpectedRevisionError } from '../port';
import { eventStoreContract } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';
import { WalSync } from './wal-sync';

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

  describe('appendMany', () => {
    const event = (eventId: string): EventToAppend => ({
      eventId,
      type: 'Counted',
      version: 1,
      data: { n: 1 },
      metadata: {
        actor: { id: 't', roles: [], jurisdiction: '000000' },
        jurisdictionCode: '000000',
        occurredAt: '2025-01-01T00:00:00Z',
        correlationId: 'c',
        causationId: 'c',
      },
    });
    const fresh = () => {
      const dir = mkdtempSync(join(tmpdir(), 'cw-es-'));
      dirs.push(dir);
      return new SqliteEventStore({ file: join(dir, 'events.db') });
    };

    it('appends to many streams in one go, in order, with the checks of append', async () => {
      const store = fresh();
      await store.append('a', [event('a1')], { expectedRevision: 'no_stream' });
      const results = await store.appendMany([
        { streamId: 'a', events: [event('a2'), event('a3')], expectedRevision: 0 },
        { streamId: 'b', events: [event('b1')], expectedRevision: 'no_stream' },
      ]);
      expect(results).toEqual([
        { nextExpectedRevision: 2, position: 3 },
        { nextExpectedRevision: 0, position: 4 },
      ]);
      expect((await store.readAll()).map((e) => `${e.streamId}:${e.revision}:${e.eventId}`)).toEqual([
        'a:0:a1',
        'a:1:a2',
        'a:2:a3',
        'b:0:b1',
      ]);
      // An idempotent retry of the same batch changes nothing.
      expect(await store.appendMany([{ streamId: 'b', events: [event('b1')], expectedRevision: 'no_stream' }])).toEqual(
        [{ nextExpectedRevision: 0, position: 4 }],
      );
      await store.close();
    });

    it('a live subscription sees an append made while it was busy, without waiting for a poll', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cw-es-'));
      dirs.push(dir);
      const store = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 60_000 });
      let delivered: () => void = () => undefined;
      let seen = 0;
      const subscription = store.subscribeToAll({ onEvents: async (es) => ((seen += es.length), delivered()) });
      for (let i = 0; i < 20; i++) {
        const next = new Promise<void>((resolve) => (delivered = resolve));
        await store.append('s', [event(`e${i}`)], { expectedRevision: 'any' });
        await next; // appends again right after delivery: while the subscription reads on
      }
      expect(seen).toBe(20);
      await subscription.stop();
      await store.close();
    });

    it('reads history in bulk through a worker reading ahead: the same pages, in order, also after a jump', async () => {
      const store = fresh();
      for (let i = 0; i < 5; i++)
        await store.appendMany(
          Array.from({ length: 1000 }, (_, j) => ({
            streamId: `s${j % 7}`,
            events: [event(`e${i}-${j}`)],
            expectedRevision: 'any' as const,
          })),
        );
      const whole = (await store.readAll({ maxCount: 10_000 })).map(
        ({ type, version, data, position, recordedAt }) => ({ type, version, data, position, recordedAt }),
      );
      const read: unknown[] = [];
      for (let after = -1; ;) {
        const page = await store.readHistory({ after, maxCount: 1000 });
        if (page.length === 0) break;
        read.push(...page);
        after = page[page.length - 1].position;
      }
      expect(read).toEqual(whole);
      // Not the next page: read from there (a new read-ahead), then on.
      expect((await store.readHistory({ after: 2500, maxCount: 1000 })).map((e) => e.position)).toEqual(
        whole.slice(2500, 3500).map((e) => e.position),
      );
      expect((await store.readHistory({ after: 3500, maxCount: 1000 }))[0].position).toBe(whole[3500].position);
      // Trimmed data: the same through the worker as read here (page of 999: no worker).
      const fields = { Counted: { version: 1, keys: ['n', 'none'] } };
      const trimmed = whole.map((e) => ({ ...e, data: { n: 1, none: null } }));
      expect(await store.readHistory({ after: 999, maxCount: 999, fields })).toEqual(trimmed.slice(999, 1998));
      expect(await store.readHistory({ after: 999, maxCount: 1000, fields })).toEqual(trimmed.slice(999, 1999));
      await store.close();
    });

    it('stores none of the batch when one append is refused', async () => {
      const store = fresh();
      await expect(
        store.appendMany([
          { streamId: 'a', events: [event('a1')], expectedRevision: 'no_stream' },
          { streamId: 'a', events: [event('a2')], expectedRevision: 5 },
        ]),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toBe(-1);
      await store.close();
    });
  });
  describe('group commit', () => {
    const event = (eventId: string): EventToAppend => ({
      eventId,
      type: 'Counted',
      version: 1,
      data: { n: 1 },
      metadata: {
        actor: { id: 't', roles: [], jurisdiction: '000000' },
        jurisdictionCode: '000000',
        occurredAt: '2025-01-01T00:00:00Z',
        correlationId: 'c',
        causationId: 'c',
      },
    });
    const freshFile = () => {
      const dir = mkdtempSync(join(tmpdir(), 'cw-es-'));
      dirs.push(dir);
      return join(dir, 'events.db');
    };

    it('writes concurrent appends in one transaction, each with its own checks', async () => {
      const store = new SqliteEventStore({ file: freshFile() });
      await store.append('a', [event('a0')], { expectedRevision: 'no_stream' });
      const before = store.transactions;
      const results = await Promise.allSettled([
        ...Array.from({ length: 30 }, (_, i) =>
          store.append(`s${i}`, [event(`s${i}`)], { expectedRevision: 'no_stream' }),
        ),
        store.append('a', [event('a1')], { expectedRevision: 5 }),
        store.append('a', [event('a2')], { expectedRevision: 0 }),
      ]);
      expect(store.transactions - before).toBe(1);
      expect(results.map((r) => r.status)).toEqual([...Array(30).fill('fulfilled'), 'rejected', 'fulfilled']);
      expect((await store.readStream('a')).map((e) => e.eventId)).toEqual(['a0', 'a2']);
      expect(await store.headPosition()).toBe(32);
      await store.close();
    });

    it('writes appends still waiting for their group when the store is closed', async () => {
      const file = freshFile();
      const store = new SqliteEventStore({ file });
      const appended = store.append('late', [event('late')], { expectedRevision: 'no_stream' });
      await store.close();
      await expect(appended).resolves.toEqual({ nextExpectedRevision: 0, position: 1 });
      const reopened = new SqliteEventStore({ file });
      expect((await reopened.readStream('late')).map((e) => e.eventId)).toEqual(['late']);
      await reopened.close();
    });

    it('serves live reads from the events it just wrote, the same as the file holds, also when another writer came between', async () => {
      const file = freshFile();
      const store = new SqliteEventStore({ file });
      const other = new SqliteEventStore({ file });
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          store.append(`t${i}`, [event(`a${i}`), event(`b${i}`)], { expectedRevision: 'no_stream' }),
        ),
      );
      await other.append('other', [event('o1')], { expectedRevision: 'no_stream' });
      await Promise.all(
        Array.from({ length: 3 }, (_, i) => store.append(`u${i}`, [event(`c${i}`)], { expectedRevision: 'no_stream' })),
      );
      const fromFile = new SqliteEventStore({ file });
      for (const after of [-1, 0, 3, 9, 10, 11, 13]) {
        for (const maxCount of [1, 2, 1000])
          expect(await store.readAll({ after, maxCount })).toEqual(await fromFile.readAll({ after, maxCount }));
      }
      expect((await store.readAll()).map((e) => e.eventId)).toEqual([
        'a0',
        'b0',
        'a1',
        'b1',
        'a2',
        'b2',
        'a3',
        'b3',
        'a4',
        'b4',
        'o1',
        'c0',
        'c1',
        'c2',
      ]);
      // Shared by every reader, so no reader can change another's.
      const [first] = await store.readAll({ after: 11, maxCount: 1 });
      expect(Object.isFrozen(first.data)).toBe(true);
      await Promise.all([store.close(), other.close(), fromFile.close()]);
    });

    it('shows no reader a group before its fsync: reads from the file stop at the head before it until it is durable', async () => {
      const file = freshFile();
      const store = new SqliteEventStore({ file });
      await store.append('a', [event('a0')], { expectedRevision: 'no_stream' });
      // The group's fsync held until the reads below are done, so the test does not race the disk.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let syncing!: () => void;
      const written = new Promise<void>((resolve) => (syncing = resolve));
      const realSync = WalSync.prototype.sync;
      const sync = jest.spyOn(WalSync.prototype, 'sync').mockImplementation(function (this: WalSync) {
        syncing(); // the group is written: its commit is in the file, its fsync not done
        return held.then(() => realSync.call(this));
      });
      const appended = Promise.all([
        store.append('b', [event('b0')], { expectedRevision: 'no_stream' }),
        store.append('c', [event('c0')], { expectedRevision: 'no_stream' }),
      ]);
      await written;
      const seen = { ids: (await store.readAll({ after: 1 })).map((e) => e.eventId), head: await store.headPosition() };
      release();
      sync.mockRestore();
      expect(seen).toEqual({ ids: [], head: 1 });
      await appended;
      expect((await store.readAll({ after: 1 })).map((e) => e.eventId)).toEqual(['b0', 'c0']);
      expect(await store.headPosition()).toBe(3);
      await store.close();
    });

    it('keeps every acknowledged append when the writing process is killed with SIGKILL', async () => {
      const file = freshFile();
      const child = spawn(
        process.execPath,
        [
          '-r',
          resolve(__dirname, '../../../../tools/ts-register.js'),
          resolve(__dirname, 'crash-appender.ts'),
          file,
          '16',
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const acked: string[] = [];
      let buffered = '';
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise<void>((done, fail) => {
        child.once('exit', (code) => fail(new Error(`the appender exited (${code}) before it was killed`)));
        child.stdout!.on('data', (chunk: Buffer) => {
          const lines = (buffered + chunk.toString()).split('\n');
          buffered = lines.pop()!;
          for (const l of lines) if (l.startsWith('ack ')) acked.push(l.slice(4));
          if (acked.length >= 2000) done();
        });
      });
      child.kill('SIGKILL');
      await exited;
      const reopened = new SqliteEventStore({ file });
      const stored = new Set((await reopened.readAll({ maxCount: 1_000_000 })).map((e) => e.eventId));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      await reopened.close();
    });
  });
});
