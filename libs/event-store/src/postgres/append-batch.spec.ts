import type { EventToAppend } from '@chuangwen/contracts';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../port';
import { planBatch, StoreHeads } from './append-batch';

const event = (eventId: string): EventToAppend => ({
  eventId,
  type: 'Counted',
  version: 1,
  data: { n: 1 },
  metadata: {
    actor: { id: 't', roles: [], jurisdiction: '32' },
    jurisdictionCode: '32',
    occurredAt: '2025-01-01T00:00:00Z',
    correlationId: 'c',
    causationId: 'c',
  },
});
const store = (over: Partial<StoreHeads> = {}): StoreHeads => ({
  last: 10,
  heads: new Map([['a', 1]]),
  found: new Map(),
  ...over,
});

/* A batch (group commit) must behave as its appends one after the other: the store's guarantees per append. */
describe('a batch of appends to PostgreSQL, planned', () => {
  it('lets each append see the ones before it, positions continuing from the store’s last', () => {
    const { rows, outcomes } = planBatch(
      [
        { streamId: 'a', events: [event('a2'), event('a3')], expectedRevision: 1 },
        { streamId: 'a', events: [event('a4')], expectedRevision: 3 },
        { streamId: 'b', events: [event('b0')], expectedRevision: 'no_stream' },
      ],
      store(),
    );
    expect(outcomes).toEqual([
      { nextExpectedRevision: 3, position: 12 },
      { nextExpectedRevision: 4, position: 13 },
      { nextExpectedRevision: 0, position: 14 },
    ]);
    expect(rows.map((r) => `${r.position} ${r.stream_id}:${r.revision} ${r.event_id}`)).toEqual([
      '11 a:2 a2',
      '12 a:3 a3',
      '13 a:4 a4',
      '14 b:0 b0',
    ]);
  });

  it('refuses one append (expected revision) without taking a position or stopping the others', () => {
    const { rows, outcomes } = planBatch(
      [
        { streamId: 'a', events: [event('x')], expectedRevision: 0 },
        { streamId: 'c', events: [event('c0')], expectedRevision: 'stream_exists' },
        { streamId: 'a', events: [event('a2')], expectedRevision: 1 },
      ],
      store(),
    );
    expect(outcomes[0]).toBeInstanceOf(WrongExpectedRevisionError);
    expect(outcomes[1]).toBeInstanceOf(WrongExpectedRevisionError);
    expect(outcomes[2]).toEqual({ nextExpectedRevision: 2, position: 11 });
    expect(rows.map((r) => r.event_id)).toEqual(['a2']);
  });

  it('answers a retried append with its first result, whether stored before or earlier in the batch', () => {
    const stored = store({
      found: new Map([
        ['a0', { stream: 'a', revision: 0, position: 3 }],
        ['a1', { stream: 'a', revision: 1, position: 7 }],
      ]),
    });
    const { rows, outcomes } = planBatch(
      [
        { streamId: 'a', events: [event('a0'), event('a1')], expectedRevision: 'no_stream' },
        { streamId: 'b', events: [event('b0')], expectedRevision: 'no_stream' },
        { streamId: 'b', events: [event('b0')], expectedRevision: 'no_stream' },
      ],
      stored,
    );
    expect(outcomes).toEqual([
      { nextExpectedRevision: 1, position: 7 },
      { nextExpectedRevision: 0, position: 11 },
      { nextExpectedRevision: 0, position: 11 },
    ]);
    expect(rows).toHaveLength(1);
  });

  it('refuses ids already used in another stream, or twice in one append', () => {
    const { rows, outcomes } = planBatch(
      [
        { streamId: 'b', events: [event('a1')], expectedRevision: 'any' },
        { streamId: 'b', events: [event('b0'), event('b0')], expectedRevision: 'any' },
      ],
      store({ found: new Map([['a1', { stream: 'a', revision: 1, position: 7 }]]) }),
    );
    expect(outcomes.every((o) => o instanceof DuplicateEventIdError)).toBe(true);
    expect(rows).toEqual([]);
  });
});
