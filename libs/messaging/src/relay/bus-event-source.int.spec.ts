import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@chuangwen/contracts';
import { describeIntegration } from '@chuangwen/testing';
import { IncomingMessage, PoisonMessageError } from '../port';
import { inProcessHarness } from '../testing/in-process-harness';
import { kafkaHarness } from '../testing/kafka-harness';
import { busSourceSuite } from '../testing/relay.suite';
import { decodeEvent, fresh } from './bus-event-source';

const inProcess = inProcessHarness();
busSourceSuite('in-process bus', () => inProcess);

describeIntegration('kafka', 'busEventSource on Kafka', (url) => {
  const harness = kafkaHarness(url);
  afterAll(() => harness.cleanup());
  busSourceSuite('kafka', () => harness);
});

describe('decodeEvent and fresh', () => {
  const recorded = (position: number): RecordedEvent => ({
    eventId: randomUUID(),
    type: 'ActivityHeld',
    version: 1,
    data: {},
    streamId: 's',
    revision: 0,
    position,
    recordedAt: '2025-05-01T00:00:00Z',
    metadata: {
      actor: { id: 'a', roles: [], jurisdiction: '321282' },
      jurisdictionCode: '321282001001',
      occurredAt: '2025-05-01T00:00:00Z',
      correlationId: 'c',
      causationId: 'c',
    },
  });
  const message = (value: string): IncomingMessage => ({
    topic: 't',
    partition: 0,
    offset: '7',
    key: 'k',
    value,
    headers: {},
  });

  it('decodes the envelope and refuses anything else as poison', () => {
    const e = recorded(3);
    expect(decodeEvent(message(JSON.stringify(e)))).toEqual(e);
    for (const bad of [
      'nope',
      'null',
      '[]',
      JSON.stringify({ ...e, position: '3' }),
      JSON.stringify({ ...e, metadata: undefined }),
    ]) {
      expect(() => decodeEvent(message(bad))).toThrow(PoisonMessageError);
    }
  });

  it('keeps a partition strictly increasing by dropping repeats', () => {
    const { kept, top } = fresh([1, 4, 1, 4, 6, 5].map(recorded), 0);
    expect(kept.map((e) => e.position)).toEqual([1, 4, 6]);
    expect(top).toBe(6);
    expect(fresh([recorded(2)], 6).kept).toEqual([]);
  });
});
