import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend } from '@chuangwen/contracts';
import { WrongExpectedRevisionError } from '../port';
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

  describe('appendMany', () => {
    const event = (eventId: string): EventToAppend => ({
      eventId, type: 'Counted', version: 1, data: { n: 1 },
      metadata: { actor: { id: 't', roles: [], jurisdiction: '000000' }, jurisdictionCode: '000000', occurredAt: '2025-01-01T00:00:00Z', correlationId: 'c', causationId: 'c' },
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
      expect(results).toEqual([{ nextExpectedRevision: 2, position: 3 }, { nextExpectedRevision: 0, position: 4 }]);
      expect((await store.readAll()).map((e) => `${e.streamId}:${e.revision}:${e.eventId}`)).toEqual(['a:0:a1', 'a:1:a2', 'a:2:a3', 'b:0:b1']);
      // An idempotent retry of the same batch changes nothing.
      expect(await store.appendMany([{ streamId: 'b', events: [event('b1')], expectedRevision: 'no_stream' }])).toEqual([{ nextExpectedRevision: 0, position: 4 }]);
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
      for (let i = 0; i < 5; i++) await store.appendMany(Array.from({ length: 1000 }, (_, j) => ({ streamId: `s${j % 7}`, events: [event(`e${i}-${j}`)], expectedRevision: 'any' as const })));
      const whole = (await store.readAll({ maxCount: 10_000 })).map(({ type, version, data, position, recordedAt }) => ({ type, version, data, position, recordedAt }));
      const read: unknown[] = [];
      for (let after = -1; ; ) {
        const page = await store.readHistory({ after, maxCount: 1000 });
        if (page.length === 0) break;
        read.push(...page);
        after = page[page.length - 1].position;
      }
      expect(read).toEqual(whole);
      // Not the next page: read from there (a new read-ahead), then on.
      expect((await store.readHistory({ after: 2500, maxCount: 1000 })).map((e) => e.position)).toEqual(whole.slice(2500, 3500).map((e) => e.position));
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
});
