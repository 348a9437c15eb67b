import type { Lease } from '@chuangwen/read-store';
import { DeliveryOutcome } from './delivery';
import { OutboxDelivery, OutboxEntry, OutboxRoute } from './outbox-delivery';

interface Entry extends OutboxEntry {
  readonly id: string;
  readonly area: string;
}
interface Hook {
  readonly id: string;
  readonly area: string;
}

/** A route over plain data: who covers what, what the receivers answer, what was saved. */
function setUp(answers: Record<string, DeliveryOutcome['kind'][]> = {}, uncovered: 'close' | 'wait' = 'wait') {
  const sent: string[] = [];
  const saved: Entry[] = [];
  const warnings: string[] = [];
  let now = 1_000;
  const route: OutboxRoute<Hook, Entry> = {
    covers: (h, e) => e.area.startsWith(h.area),
    send: async (h, e) => {
      sent.push(`${h.id}:${e.id}`);
      const kind = answers[h.id]?.shift() ?? 'delivered';
      return kind === 'delivered'
        ? { kind }
        : kind === 'refused'
          ? { kind, status: 400, reason: 'HTTP 400' }
          : { kind, reason: 'HTTP 503' };
    },
    save: async (e) => void saved.push(e),
    describe: (h) => `hook ${h.id}`,
    uncovered,
  };
  const delivery = new OutboxDelivery(route, {
    retryBaseMs: 100,
    retryMaxMs: 1_000,
    now: () => now,
    warn: (m) => void warnings.push(m),
  });
  const entry = (id: string, area: string): Entry => ({ id, area, open: true, deliveredTo: [], refusedBy: [] });
  return { delivery, sent, saved, warnings, entry, later: (ms: number) => (now += ms) };
}

/** A lease held for `grants` acquisitions, then lost to another replica. */
const leaseFor = (grants: number): Lease => ({
  acquire: async () => grants-- > 0,
  held: () => false,
  term: () => 1,
  release: async () => undefined,
});

describe('OutboxDelivery', () => {
  it('sends each open entry to every recipient that covers it, in outbox order, and closes it when all have it', async () => {
    const { delivery, sent, entry } = setUp();
    const entries = [entry('e1', '6201'), entry('e2', '620102'), entry('e3', '6202')];
    const recipients = [
      { id: 'city', area: '6201' },
      { id: 'district', area: '620102' },
    ];
    const report = await delivery.pass(async () => ({ recipients, entries }));
    expect(sent).toEqual(['city:e1', 'city:e2', 'district:e2']);
    expect(report).toEqual({ delivered: 3, refused: 0, failed: 0, backingOff: 0, open: 1 });
    expect(entries.map((e) => [e.id, e.open, e.deliveredTo])).toEqual([
      ['e1', false, ['city']],
      ['e2', false, ['city', 'district']],
      ['e3', true, []], // nobody covers it yet: it waits for a recipient
    ]);
  });

  it('stops a recipient at its first failure and backs off (doubling), then sends the same entry again', async () => {
    const { delivery, sent, entry, later, warnings } = setUp({ a: ['retry', 'retry', 'delivered'] });
    const hooks = [{ id: 'a', area: '62' }];
    const entries = [entry('e1', '6201'), entry('e2', '6201')];
    expect(await delivery.pass(async () => ({ recipients: hooks, entries }))).toMatchObject({ failed: 1, open: 2 });
    expect(delivery.healthOf('a')).toMatchObject({ failures: 1, nextAttemptAt: 1_100, lastError: 'HTTP 503' });
    expect(await delivery.pass(async () => ({ recipients: hooks, entries }))).toMatchObject({
      backingOff: 1,
      delivered: 0,
    });
    later(100);
    expect(await delivery.pass(async () => ({ recipients: hooks, entries }))).toMatchObject({ failed: 1 });
    expect(delivery.healthOf('a')).toMatchObject({ failures: 2, nextAttemptAt: 1_300 });
    later(200);
    expect(await delivery.pass(async () => ({ recipients: hooks, entries }))).toMatchObject({ delivered: 2, open: 0 });
    expect(sent).toEqual(['a:e1', 'a:e1', 'a:e1', 'a:e2']);
    expect(delivery.healthOf('a')).toMatchObject({ failures: 0, nextAttemptAt: 0, delivered: 2 });
    expect(warnings[0]).toBe('hook a failed (HTTP 503); attempt 1, next in 100 ms');
  });

  it('records a refusal and passes over it', async () => {
    const { delivery, sent, entry } = setUp({ a: ['refused'] });
    const entries = [entry('e1', '6201'), entry('e2', '6201')];
    expect(await delivery.pass(async () => ({ recipients: [{ id: 'a', area: '62' }], entries }))).toMatchObject({
      refused: 1,
      delivered: 1,
    });
    expect(sent).toEqual(['a:e1', 'a:e2']);
    expect(entries[0]).toMatchObject({ open: false, refusedBy: ['a'], deliveredTo: [] });
  });

  it('closes entries nobody covers where the route says so (nobody listens), saving them', async () => {
    const { delivery, saved, sent, entry } = setUp({}, 'close');
    const entries = [entry('e1', '6202')];
    expect(await delivery.pass(async () => ({ recipients: [{ id: 'a', area: '6201' }], entries }))).toMatchObject({
      open: 0,
    });
    expect(sent).toEqual([]);
    expect(saved).toEqual([{ ...entry('e1', '6202'), open: false }]);
  });

  it('stops where it is when the duty passes to another replica, sending nothing more', async () => {
    const { delivery, sent, entry } = setUp();
    const entries = [entry('e1', '6201'), entry('e2', '6201')];
    const recipients = [{ id: 'a', area: '62' }];
    // Taken at the start, renewed before e1, lost before e2.
    expect(await delivery.pass(async () => ({ recipients, entries }), leaseFor(2))).toMatchObject({ delivered: 1 });
    expect(sent).toEqual(['a:e1']);
    expect(entries[1].open).toBe(true);
    expect(await delivery.pass(async () => ({ recipients, entries }), leaseFor(0))).toMatchObject({
      standingBy: true,
    });
    expect(sent).toEqual(['a:e1']);
  });
});
