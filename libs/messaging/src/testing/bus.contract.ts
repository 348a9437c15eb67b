import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_HEADERS } from '../delivery';
import { Consumer, GroupActiveError, IncomingMessage, MessageBus, PoisonMessageError } from '../port';

/**
 * The contract every MessageBus adapter passes, unchanged. Buses opened in one test share their
 * backend (as separate processes would). `harness` is called in beforeEach, so it may depend on a
 * server found in a beforeAll.
 */
export interface BusHarness {
  /** A bus on the shared backend; retries should pause briefly (≈ 50 ms) to keep tests fast. */
  open(): Promise<MessageBus>;
  /** A topic no other test uses, ready for publishing (created where the backend needs it). */
  topic(partitions: number): Promise<string>;
}

export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const msg = (key: string, n: number) => ({ key, value: JSON.stringify({ key, n }), headers: { 'x-n': String(n) } });
const nOf = (m: IncomingMessage) => (JSON.parse(m.value) as { n: number }).n;
const idOf = (m: IncomingMessage) => `${m.key}#${nOf(m)}`;
const group = () => `g-${randomUUID()}`;

/** Per key, the numbers in the order the handler saw them. */
function byKey(seen: readonly IncomingMessage[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const m of seen) (out[m.key] ??= []).push(nOf(m));
  return out;
}

export function busContract(name: string, harness: () => BusHarness | undefined): void {
  describe(`MessageBus contract: ${name}`, () => {
    let h: BusHarness;
    let bus: MessageBus;
    const opened: MessageBus[] = [];
    const consumers: Consumer[] = [];
    const open = async () => {
      const b = await h.open();
      opened.push(b);
      return b;
    };
    /** Consumes into `seen` (and returns the consumer, stopped after the test). */
    const collect = async (
      b: MessageBus,
      options: { groupId: string; topics: string[]; fromBeginning?: boolean; deadLetterTopic?: string },
      seen: IncomingMessage[],
      handle?: (ms: IncomingMessage[]) => Promise<void>,
    ) => {
      const c = await b.consume({ ...options, handle: handle ?? (async (ms) => void seen.push(...ms)) });
      consumers.push(c);
      return c;
    };

    beforeEach(async () => {
      const found = harness();
      if (!found) throw new Error(`${name}: no harness (its server is not available)`);
      h = found;
      bus = await open();
    });
    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((c) => c.stop().catch(() => undefined)));
      await Promise.all(opened.splice(0).map((b) => b.close().catch(() => undefined)));
    });

    it('delivers each key in publishing order, from one partition, with its headers', async () => {
      const topic = await h.topic(3);
      const keys = ['321282001001', '321282001002', '620102001003', '110101001004'];
      for (let n = 0; n < 10; n++)
        await bus.publish(
          topic,
          keys.map((k) => msg(k, n)),
        );
      const seen: IncomingMessage[] = [];
      await collect(await open(), { groupId: group(), topics: [topic] }, seen);
      await waitUntil('all 40 arrived', () => seen.length >= 40);
      const expected = Array.from({ length: 10 }, (_, n) => n);
      for (const k of keys) expect(byKey(seen)[k]).toEqual(expected);
      for (const k of keys) expect(new Set(seen.filter((m) => m.key === k).map((m) => m.partition)).size).toBe(1);
      const first = seen.find((m) => m.key === keys[0])!;
      expect(first).toMatchObject({ topic, headers: { 'x-n': '0' } });
      expect(typeof first.offset).toBe('string');
    }, 60_000);

    it('with partitionsConcurrently, hands several partitions at once, each still one batch at a time and in order', async () => {
      const topic = await h.topic(3);
      const keys = ['321282001001', '321282001002', '620102001003', '110101001004', '440305001005', '510107001006'];
      for (let n = 0; n < 20; n++)
        await bus.publish(
          topic,
          keys.map((k) => msg(k, n)),
        );
      const seen: IncomingMessage[] = [];
      const inHand = new Set<number>();
      let most = 0;
      let overlapped = false;
      const c = await (
        await open()
      ).consume({
        groupId: group(),
        topics: [topic],
        partitionsConcurrently: 3,
        handle: async (ms) => {
          if (inHand.has(ms[0].partition)) overlapped = true;
          inHand.add(ms[0].partition);
          most = Math.max(most, inHand.size);
          await new Promise((r) => setTimeout(r, 50)); // long enough for the other partitions to come in
          seen.push(...ms);
          inHand.delete(ms[0].partition);
        },
      });
      consumers.push(c);
      await waitUntil('all 120 arrived', () => seen.length >= 120);
      expect(overlapped).toBe(false);
      expect(most).toBeGreaterThan(1);
      for (const k of keys) expect(byKey(seen)[k]).toEqual(Array.from({ length: 20 }, (_, n) => n));
    }, 60_000);

    it('gives a second consumer group everything, independently of the first', async () => {
      const topic = await h.topic(2);
      await bus.publish(
        topic,
        Array.from({ length: 12 }, (_, n) => msg(`k${n % 3}`, n)),
      );
      const a: IncomingMessage[] = [];
      const b: IncomingMessage[] = [];
      await collect(bus, { groupId: group(), topics: [topic] }, a);
      await waitUntil('group A has all', () => a.length >= 12);
      await collect(await open(), { groupId: group(), topics: [topic] }, b);
      await waitUntil('group B has all', () => b.length >= 12);
      expect(b.map(idOf).sort()).toEqual(a.map(idOf).sort());
    }, 60_000);

    it('commits only what the handler finished: a stopped and restarted group loses nothing', async () => {
      const topic = await h.topic(3);
      const all = Array.from({ length: 40 }, (_, n) => msg(`key-${n % 5}`, n));
      await bus.publish(topic, all);
      const groupId = group();
      const first: IncomingMessage[] = [];
      let blocked = false;
      let release!: (e: Error) => void;
      const gate = new Promise<never>((_, reject) => (release = reject));
      gate.catch(() => undefined);
      const c1 = await (
        await open()
      ).consume({
        groupId,
        topics: [topic],
        handle: async (ms) => {
          if (first.length >= 10) {
            blocked = true;
            await gate; // "killed" mid-batch: this batch was not handled
          }
          first.push(...ms);
        },
      });
      await waitUntil('a batch is in hand after the first ones', () => blocked);
      const stopped = c1.stop();
      release(new Error('process killed'));
      await stopped;
      expect(first.length).toBeGreaterThanOrEqual(10);

      const second: IncomingMessage[] = [];
      await collect(await open(), { groupId, topics: [topic] }, second);
      const ids = () => new Set([...first, ...second].map(idOf));
      await waitUntil('every message was handled once at least', () => ids().size === 40);
      // The first run's finished batches were committed, so not everything came again.
      expect(second.length).toBeLessThan(40);
      for (const ns of Object.values(byKey(second))) expect(ns).toEqual([...ns].sort((x, y) => x - y));
    }, 60_000);

    it('hands a batch again after the handler failed, in order', async () => {
      const topic = await h.topic(1);
      await bus.publish(
        topic,
        Array.from({ length: 6 }, (_, n) => msg('one-key', n)),
      );
      const attempts = new Map<string, number>();
      const handled: IncomingMessage[] = [];
      await collect(bus, { groupId: group(), topics: [topic] }, handled, async (ms) => {
        for (const m of ms) attempts.set(idOf(m), (attempts.get(idOf(m)) ?? 0) + 1);
        if (ms.some((m) => nOf(m) === 3 && attempts.get(idOf(m)) === 1)) throw new Error('database unavailable');
        handled.push(...ms);
      });
      await waitUntil('all handled', () => new Set(handled.map(idOf)).size === 6);
      expect(attempts.get('one-key#3')).toBe(2);
      const ns = handled.map(nOf);
      expect(ns.slice(ns.indexOf(3))).toEqual([3, 4, 5]);
      expect([...new Set(ns)]).toEqual([0, 1, 2, 3, 4, 5]);
    }, 60_000);

    it('retries a handler that keeps failing with growing pauses, not in a hot loop', async () => {
      const topic = await h.topic(1);
      await bus.publish(topic, [msg('k', 0)]);
      let attempts = 0;
      await collect(bus, { groupId: group(), topics: [topic] }, [], async () => {
        attempts++;
        throw new Error('still down');
      });
      await waitUntil('a first attempt', () => attempts > 0);
      await new Promise((r) => setTimeout(r, 1500));
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(attempts).toBeLessThanOrEqual(12); // 50 ms doubling: about 6 in 1.5 s; a hot loop makes thousands
    }, 60_000);

    it('dead-letters a poison message with its reason and origin, and handles the rest', async () => {
      const [topic, dlt] = [await h.topic(2), await h.topic(1)];
      await bus.publish(
        topic,
        Array.from({ length: 8 }, (_, n) =>
          n === 4 ? { key: 'k', value: 'not json', headers: { 'x-n': '4' } } : msg('k', n),
        ),
      );
      const handled: number[] = [];
      await collect(bus, { groupId: group(), topics: [topic], deadLetterTopic: dlt }, [], async (ms) => {
        const bad = ms.find((m) => m.value === 'not json');
        if (bad) throw new PoisonMessageError('value is not JSON', bad);
        handled.push(...ms.map(nOf));
      });
      const dead: IncomingMessage[] = [];
      await collect(await open(), { groupId: group(), topics: [dlt] }, dead);
      await waitUntil(
        'the rest is handled and the poison dead-lettered',
        () => new Set(handled).size === 7 && dead.length >= 1,
      );
      expect([...new Set(handled)].sort()).toEqual([0, 1, 2, 3, 5, 6, 7]);
      expect(dead).toHaveLength(1);
      expect(dead[0].value).toBe('not json');
      expect(dead[0].key).toBe('k');
      expect(dead[0].headers).toMatchObject({
        [DEAD_LETTER_HEADERS.reason]: 'value is not JSON',
        [DEAD_LETTER_HEADERS.topic]: topic,
        'x-n': '4',
      });
      expect(Number(dead[0].headers[DEAD_LETTER_HEADERS.partition])).toBeGreaterThanOrEqual(0);
      expect(dead[0].headers[DEAD_LETTER_HEADERS.offset]).toBe('4'); // one key: one partition, offsets 0…7
    }, 60_000);

    it('dead-letters a poison message once, even when its batch fails again for another reason', async () => {
      const [topic, dlt] = [await h.topic(1), await h.topic(1)];
      await bus.publish(
        topic,
        Array.from({ length: 6 }, (_, n) => (n === 2 ? { key: 'k', value: 'not json', headers: {} } : msg('k', n))),
      );
      const handled: number[] = [];
      let transient = 1; // one ordinary failure after the poison is out: the batch comes again
      await collect(bus, { groupId: group(), topics: [topic], deadLetterTopic: dlt }, [], async (ms) => {
        const bad = ms.find((m) => m.value === 'not json');
        if (bad) throw new PoisonMessageError('value is not JSON', bad);
        if (transient-- > 0) throw new Error('the database blinked');
        handled.push(...ms.map(nOf));
      });
      const dead: IncomingMessage[] = [];
      await collect(await open(), { groupId: group(), topics: [dlt] }, dead);
      await waitUntil('the rest is handled', () => new Set(handled).size === 5 && dead.length >= 1);
      await new Promise((r) => setTimeout(r, 500));
      expect([...new Set(handled)].sort()).toEqual([0, 1, 3, 4, 5]);
      expect(dead).toHaveLength(1);
    }, 60_000);

    it('with fromBeginning: false, a new group sees only messages published after it started', async () => {
      const topic = await h.topic(2);
      await bus.publish(topic, [msg('a', 0), msg('b', 1)]);
      const seen: IncomingMessage[] = [];
      await collect(bus, { groupId: group(), topics: [topic], fromBeginning: false }, seen);
      await bus.publish(topic, [msg('a', 2), msg('b', 3)]);
      await waitUntil('the new ones arrived', () => seen.length >= 2);
      // Same keys, same partitions: an old message would have come before the new ones.
      expect(seen.map(nOf).sort()).toEqual([2, 3]);
    }, 60_000);

    it('resetGroup replays a stopped group from the beginning, and refuses while it runs', async () => {
      const topic = await h.topic(2);
      await bus.publish(
        topic,
        Array.from({ length: 6 }, (_, n) => msg(`k${n}`, n)),
      );
      const groupId = group();
      const once: IncomingMessage[] = [];
      const c = await collect(bus, { groupId, topics: [topic] }, once);
      await waitUntil('all consumed', () => once.length >= 6);
      await expect(bus.resetGroup(groupId)).rejects.toBeInstanceOf(GroupActiveError);
      await c.stop();
      await bus.resetGroup(groupId);
      await bus.resetGroup(`never-${groupId}`); // an unknown group is already reset
      const again: IncomingMessage[] = [];
      await collect(bus, { groupId, topics: [topic] }, again);
      await waitUntil('all consumed again', () => again.length >= 6);
      expect(again.map(idOf).sort()).toEqual(once.map(idOf).sort());
    }, 60_000);

    it('lets two consumers of one group share the partitions; together they see everything', async () => {
      const topic = await h.topic(4);
      const seen: IncomingMessage[] = [];
      const groupId = group();
      await collect(await open(), { groupId, topics: [topic] }, seen);
      await collect(await open(), { groupId, topics: [topic] }, seen);
      await bus.publish(
        topic,
        Array.from({ length: 40 }, (_, n) => msg(`key-${n % 8}`, n)),
      );
      await waitUntil('all 40 seen', () => new Set(seen.map(idOf)).size === 40, 45_000);
    }, 60_000);
  });
}
