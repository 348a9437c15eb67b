import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { EventToAppend } from '@chuangwen/contracts';
import {
  commitPositionOf,
  fromEsdbCurrentRevision,
  fromResolvedEvent,
  isSystemEvent,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toReadPosition,
  toSafeNumber,
} from './esdb-mapping';

const appended: EventToAppend = {
  eventId: '0b7e4a4e-6a8c-4f0e-9d7a-0a8f1f2c3d4e',
  type: 'ActivityScheduled',
  version: 3,
  data: { title: '垃圾分类宣传' },
  metadata: {
    actor: { id: 'u1', roles: ['street'], jurisdiction: '321282001' },
    jurisdictionCode: '321282001001',
    occurredAt: '2025-05-01T08:00:00.000Z',
    correlationId: 'corr',
    causationId: 'cause',
  },
};

const resolvedOf = (over: Partial<NonNullable<AllStreamResolvedEvent['event']>> = {}): AllStreamResolvedEvent => {
  const esdb = toEsdbEvent(appended);
  return {
    event: {
      streamId: 'activity-1',
      id: esdb.id,
      revision: 4n,
      type: esdb.type,
      data: esdb.data,
      metadata: esdb.metadata,
      isJson: true,
      created: new Date('2025-05-02T01:02:03.456Z'),
      position: { commit: 5120n, prepare: 5120n },
      ...over,
    } as never,
    commitPosition: 5120n,
  };
};

describe('EventStoreDB mapping', () => {
  it('maps expected revisions: the three states as they are, numbers to bigint, nonsense refused', () => {
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
    expect(() => toEsdbExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toEsdbExpectedRevision(1.5)).toThrow(RangeError);
  });

  it("reads the server's current revision from a conflict", () => {
    expect(fromEsdbCurrentRevision(7n)).toBe(7);
    expect(fromEsdbCurrentRevision('no_stream')).toBe('no_stream');
    expect(fromEsdbCurrentRevision(-1n)).toBe('no_stream');
  });

  it('puts the schema version and the conversation in metadata under ESDB’s names', () => {
    const e = toEsdbEvent(appended);
    expect(e).toMatchObject({
      id: appended.eventId,
      type: 'ActivityScheduled',
      contentType: 'application/json',
      data: appended.data,
    });
    expect(e.metadata).toEqual({
      ...appended.metadata,
      $schemaVersion: 3,
      $correlationId: 'corr',
      $causationId: 'cause',
    });
  });

  it('reads an event back as it was appended, positioned by its commit position', () => {
    expect(fromResolvedEvent(resolvedOf())).toEqual({
      ...appended,
      streamId: 'activity-1',
      revision: 4,
      position: 5120,
      recordedAt: '2025-05-02T01:02:03.456Z',
    });
  });

  it('reads version 1 when the metadata carries none (events written by other tools)', () => {
    expect(fromResolvedEvent(resolvedOf({ metadata: { ...appended.metadata } }))?.version).toBe(1);
  });

  it("skips what is not ours: the server's events, binary events, unresolved links", () => {
    expect(fromResolvedEvent(resolvedOf({ type: '$metadata' }))).toBeUndefined();
    expect(fromResolvedEvent(resolvedOf({ streamId: '$stats-127.0.0.1:2113' }))).toBeUndefined();
    expect(fromResolvedEvent(resolvedOf({ isJson: false } as never))).toBeUndefined();
    expect(fromResolvedEvent({ commitPosition: 10n })).toBeUndefined();
    expect(isSystemEvent('ActivityScheduled', 'activity-1')).toBe(false);
  });

  it('refuses an event without a position (servers before 22.6) rather than invent one', () => {
    const noPosition = { ...resolvedOf(), commitPosition: undefined };
    noPosition.event = { ...noPosition.event!, position: { commit: (1n << 64n) - 1n, prepare: (1n << 64n) - 1n } };
    expect(commitPositionOf(noPosition)).toBeUndefined();
    expect(() => fromResolvedEvent(noPosition)).toThrow(/22\.6/);
  });

  it('converts positions exactly or not at all', () => {
    expect(toSafeNumber(123n)).toBe(123);
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(/2\^53/);
    expect(toReadPosition(-1)).toBe('start');
    expect(toReadPosition(5120)).toEqual({ commit: 5120n, prepare: 5120n });
    expect(() => toReadPosition(0.5)).toThrow(RangeError);
  });
});
