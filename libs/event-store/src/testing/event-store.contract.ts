import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '@chuangwen/contracts';
import { EventStore, WrongExpectedRevisionError } from '../port';

/**
 * The contract every EventStore adapter passes, unchanged. `open` returns a store on the same
 * durable data each time it is called within one test (for the restart test); `fresh` clears it.
 */
export interface EventStoreHarness {
  /** A store on a fresh, empty location; later `reopen` calls see the same data. */
  fresh(): Promise<EventStore>;
  /** A new store instance on the location of the last `fresh()` (simulates a restart). */
  reopen(): Promise<EventStore>;
  /** Stream ids are prefixed so shared servers need no cleaning between tests. */
  readonly streamPrefix?: string;
}

const event = (type = 'SomethingHappened', data: unknown = { n: 1 }): EventToAppend => ({
  eventId: randomUUID(),
  type,
  version: 1,
  data,
  metadata: {
    actor: { id: 'tester', roles: ['office'], jurisdiction: '321282' },
    jurisdictionCode: '321282001001',
    occurredAt: '2025-05-01T08:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
});

export function eventStoreContract(name: string, harness: () => EventStoreHarness | undefined): void {
  describe(`EventStore contract: ${name}`, () => {
    let h: EventStoreHarness;
    let store: EventStore;
    const opened: EventStore[] = [];
    const stream = (s: string) => `${h.streamPrefix ?? ''}${s}-${randomUUID()}`;

    beforeEach(async () => {
      h = harness()!;
      store = await h.fresh();
      opened.push(store);
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
    });

    it('appends to a new stream and reads it back in order with revisions and metadata', async () => {
      const s = stream('activity');
      const [a, b] = [event('A', { x: 1 }), event('B', { y: 'двa 二' })];
      const result = await store.append(s, [a, b], { expectedRevision: 'no_stream' });
      expect(result.nextExpectedRevision).toBe(1);
      const read = await store.readStream(s);
      expect(read.map((e) => [e.type, e.revision, e.eventId])).toEqual([
        ['A', 0, a.eventId],
        ['B', 1, b.eventId],
      ]);
      expect(read[1].data).toEqual({ y: 'двa 二' });
      expect(read[0].metadata).toEqual(a.metadata);
      expect(read[0].streamId).toBe(s);
      expect(read[1].position).toBe(result.position);
      expect(new Date(read[0].recordedAt).getTime()).not.toBeNaN();
    });

    it('returns [] for a stream that does not exist', async () => {
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('enforces the expected revision with a clear conflict error', async () => {
      const s = stream('rect');
      await store.append(s, [event()], { expectedRevision: 'no_stream' });
      await expect(store.append(s, [event()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await expect(store.append(s, [event()], { expectedRevision: 5 })).rejects.toThrow(/expected revision 5/);
      await expect(
        store.append(stream('none'), [event()], { expectedRevision: 'stream_exists' }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const ok = await store.append(s, [event()], { expectedRevision: 0 });
      expect(ok.nextExpectedRevision).toBe(1);
      await store.append(s, [event()], { expectedRevision: 'any' });
      expect((await store.readStream(s)).length).toBe(3);
    });

    it('lets exactly one of two concurrent writers at the same revision win', async () => {
      const s = stream('race');
      await store.append(s, [event()], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled([
        store.append(s, [event('X')], { expectedRevision: 0 }),
        store.append(s, [event('Y')], { expectedRevision: 0 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.readStream(s)).length).toBe(2);
    });

    it('is idempotent by event id: a retried append writes nothing new', async () => {
      const s = stream('idem');
      const batch = [event('A'), event('B')];
      const first = await store.append(s, batch, { expectedRevision: 'no_stream' });
      const again = await store.append(s, batch, { expectedRevision: 'no_stream' });
      expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
      expect((await store.readStream(s)).map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
    });

    it('reads the global log after a position, in order, in pages', async () => {
      const start = await store.headPosition();
      const s1 = stream('one');
      const s2 = stream('two');
      await store.append(s1, [event('A')], { expectedRevision: 'no_stream' });
      await store.append(s2, [event('B'), event('C')], { expectedRevision: 'no_stream' });
      await store.append(s1, [event('D')], { expectedRevision: 0 });
      const mine = (es: RecordedEvent[]) => es.filter((e) => e.streamId === s1 || e.streamId === s2);
      const all = mine(await store.readAll({ after: start, maxCount: 10_000 }));
      expect(all.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(new Set(positions).size).toBe(4);
      const page = mine(await store.readAll({ after: all[1].position, maxCount: 2 }));
      expect(page.map((e) => e.type)).toEqual(['C', 'D']);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(all[3].position);
      // History: the same page with only what a fold needs.
      const history = (await store.readHistory({ after: start, maxCount: 10_000 })).filter((e) =>
        positions.includes(e.position),
      );
      expect(history).toEqual(
        all.map(({ type, version, data, position, recordedAt }) => ({ type, version, data, position, recordedAt })),
      );
      expect(
        (await store.readHistory({ after: all[1].position, maxCount: 2 }))
          .map((e) => e.position)
          .filter((p) => positions.includes(p)),
      ).toEqual(page.map((e) => e.position));
    });

    it('reads history trimmed to the keys a fold reads, for the listed types and versions only', async () => {
      const start = await store.headPosition();
      const s = stream('trim');
      const data = { code: 'x"1', n: 2.5, nested: { q: [1, '二'] }, title: '标题', flag: false };
      await store.append(s, [event('Listed', data), event('Other', data), { ...event('Listed', data), version: 2 }], {
        expectedRevision: 'no_stream',
      });
      const fields = {
        Listed: { version: 1, keys: ['code', 'n', 'nested', 'flag', 'absent'] },
        Missing: { keys: ['a'] },
      };
      const read = (await store.readHistory({ after: start, maxCount: 10_000, fields })).filter((e) =>
        ['Listed', 'Other'].includes(e.type),
      );
      expect(read.map((e) => [e.type, e.version, e.data])).toEqual([
        ['Listed', 1, { code: 'x"1', n: 2.5, nested: { q: [1, '二'] }, flag: false, absent: null }],
        ['Other', 1, data],
        ['Listed', 2, data],
      ]);
      // Any version when none is given.
      const any = await store.readHistory({ after: start, maxCount: 10_000, fields: { Listed: { keys: ['n'] } } });
      expect(any.filter((e) => e.type === 'Listed').map((e) => e.data)).toEqual([{ n: 2.5 }, { n: 2.5 }]);
      await expect(store.readHistory({ after: start, fields: { Listed: { keys: ["n') --"] } } })).rejects.toThrow(
        /plain name/,
      );
    });

    it('keeps its events across a restart', async () => {
      const s = stream('durable');
      await store.append(s, [event('Kept')], { expectedRevision: 'no_stream' });
      await store.close();
      const reopened = await h.reopen();
      opened.push(reopened);
      const read = await reopened.readStream(s);
      expect(read.map((e) => e.type)).toEqual(['Kept']);
      await reopened.append(s, [event('After')], { expectedRevision: 0 });
    });

    it('subscribes from a checkpoint: history first, then live events, in order', async () => {
      const s = stream('sub');
      await store.append(s, [event('Old')], { expectedRevision: 'no_stream' });
      const checkpoint = await store.headPosition();
      await store.append(s, [event('H1'), event('H2')], { expectedRevision: 0 });
      const seen: string[] = [];
      let caughtUp = false;
      const sub = store.subscribeToAll({
        after: checkpoint,
        batchSize: 1,
        onEvents: (es) => {
          for (const e of es) if (e.streamId === s) seen.push(e.type);
        },
        onCaughtUp: () => (caughtUp = true),
      });
      try {
        await waitUntil(() => seen.length === 2 && caughtUp);
        await store.append(s, [event('Live')], { expectedRevision: 2 });
        await waitUntil(() => seen.length === 3);
        expect(seen).toEqual(['H1', 'H2', 'Live']);
      } finally {
        await sub.stop();
      }
    });

    // The trap of sequence-numbered logs: a position handed out before its transaction commits, read
    // past by a subscriber that saw a later one, is skipped for ever. Many writers on two store
    // instances at once, a subscriber reading live all along: nothing lost, nothing twice, in order.
    it('concurrent appenders, one live subscriber: every event exactly once, in position order', async () => {
      const other = await h.reopen();
      opened.push(other);
      const writers = 8;
      const appendsEach = 20;
      const streams = Array.from({ length: writers }, (_, i) => stream(`concurrent-${i}`));
      const mine = new Set(streams);
      const delivered: RecordedEvent[] = [];
      const positions: number[] = [];
      let caughtUp = false;
      const sub = store.subscribeToAll({
        after: await store.headPosition(),
        batchSize: 5,
        onEvents: (es) => {
          for (const e of es) {
            positions.push(e.position);
            if (mine.has(e.streamId)) delivered.push(e);
          }
        },
        onCaughtUp: () => (caughtUp = true),
      });
      try {
        await waitUntil(() => caughtUp);
        const written = await Promise.all(
          streams.map(async (s, w) => {
            const writer = w % 2 === 0 ? store : other;
            const ids: string[] = [];
            let revision: number | 'no_stream' = 'no_stream';
            for (let i = 0; i < appendsEach; i++) {
              const batch = i % 4 === 0 ? [event('Counted'), event('Counted')] : [event('Counted')];
              revision = (await writer.append(s, batch, { expectedRevision: revision })).nextExpectedRevision;
              ids.push(...batch.map((e) => e.eventId));
            }
            return ids;
          }),
        );
        const total = written.reduce((n, ids) => n + ids.length, 0);
        // A skipped event never comes: stop waiting after a while and let the count say what is missing.
        await waitUntil(() => delivered.length >= total, 20_000).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 300)); // time for a repeat to show
        expect(delivered.length).toBe(total);
        expect(new Set(delivered.map((e) => e.eventId)).size).toBe(total);
        for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
        streams.forEach((s, w) => {
          const ofStream = delivered.filter((e) => e.streamId === s);
          expect(ofStream.map((e) => e.eventId)).toEqual(written[w]);
          expect(ofStream.map((e) => e.revision)).toEqual(written[w].map((_, i) => i));
        });
        // The subscriber's order is the log's order.
        const logged = (await store.readAll({ after: delivered[0].position - 1, maxCount: 100_000 })).filter((e) =>
          mine.has(e.streamId),
        );
        expect(logged.map((e) => e.eventId)).toEqual(delivered.map((e) => e.eventId));
      } finally {
        await sub.stop();
      }
    }, 60_000);

    it('checks each of many concurrent appends on its own: a wrong revision or a retry affects only itself', async () => {
      const streams = Array.from({ length: 12 }, (_, i) => stream(`group${i}`));
      await store.append(streams[0], [event('First')], { expectedRevision: 'no_stream' });
      const retried = [event('Once')];
      const results = await Promise.allSettled([
        ...streams
          .slice(1)
          .map((s, i) => store.append(s, [event(`N${i}`), event(`M${i}`)], { expectedRevision: 'no_stream' })),
        store.append(streams[0], [event('Stale')], { expectedRevision: 'no_stream' }),
        store.append(streams[0], retried, { expectedRevision: 0 }),
        store.append(streams[0], retried, { expectedRevision: 0 }),
      ]);
      expect(results.map((r) => r.status)).toEqual([
        ...streams.slice(1).map(() => 'fulfilled'),
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
      expect((results[11] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      const [once, again] = results.slice(12) as PromiseFulfilledResult<{
        position: number;
        nextExpectedRevision: number;
      }>[];
      expect(again.value).toEqual(once.value);
      expect((await store.readStream(streams[0])).map((e) => e.type)).toEqual(['First', 'Once']);
      for (const [i, s] of streams.slice(1).entries())
        expect((await store.readStream(s)).map((e) => [e.type, e.revision])).toEqual([
          [`N${i}`, 0],
          [`M${i}`, 1],
        ]);
      const positions = (results.slice(0, 11) as PromiseFulfilledResult<{ position: number }>[]).map(
        (r) => r.value.position,
      );
      expect(new Set(positions).size).toBe(11);
    });

    it('delivers events of concurrent appenders to a live subscriber exactly once, in order', async () => {
      const writers = Array.from({ length: 4 }, (_, i) => stream(`writer${i}`));
      const mine = new Set(writers);
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeToAll({
        after: await store.headPosition(),
        onEvents: (es) => void seen.push(...es.filter((e) => mine.has(e.streamId))),
      });
      try {
        const appended = await Promise.all(
          writers.map(async (s) => {
            const ids: string[] = [];
            for (let n = 0; n < 25; n++) {
              const e = event('Counted', { n });
              await store.append(s, [e], { expectedRevision: n === 0 ? 'no_stream' : n - 1 });
              ids.push(e.eventId);
            }
            return ids;
          }),
        );
        await waitUntil(() => seen.length >= 100);
        await new Promise((r) => setTimeout(r, 100)); // nothing more may come
        expect(seen.length).toBe(100);
        const positions = seen.map((e) => e.position);
        expect(positions).toEqual([...positions].sort((x, y) => x - y));
        expect(new Set(positions).size).toBe(100);
        for (const [i, s] of writers.entries()) {
          const ofWriter = seen.filter((e) => e.streamId === s);
          expect(ofWriter.map((e) => e.eventId)).toEqual(appended[i]);
          expect(ofWriter.map((e) => e.revision)).toEqual(appended[i].map((_, n) => n));
        }
      } finally {
        await sub.stop();
      }
    });

    it('stops delivering after stop()', async () => {
      const s = stream('stop');
      const seen: string[] = [];
      const sub = store.subscribeToAll({
        after: await store.headPosition(),
        onEvents: (es) => es.forEach((e) => seen.push(e.streamId)),
      });
      await sub.stop();
      await store.append(s, [event()], { expectedRevision: 'no_stream' });
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.filter((x) => x === s)).toEqual([]);
    });
  });
}

export async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
