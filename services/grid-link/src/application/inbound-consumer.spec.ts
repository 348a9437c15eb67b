import { conflict, forbidden, invalid } from '@chuangwen/contracts';
import { waitUntil } from '@chuangwen/event-store/testing';
import { DEAD_LETTER_HEADERS, InProcessBus } from '@chuangwen/messaging';
import type { IncomingMessage } from '@chuangwen/messaging';
import { signBody } from '@chuangwen/webhooks';
import type { GridEventDto } from '../http/grid-event.dto';
import { GridInboundConsumer } from './inbound-consumer';
import { DEFAULT_GRID_LINK_OPTIONS } from './options';

const client = { keyId: 'wg', secret: 'grid-secret-for-tests-0123456789abcdef', jurisdiction: '620102001' };
const body = (eventId: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventId,
    classCode: '0201',
    gridCellId: 'c-1',
    communityCode: '620102001001',
    description: '小广告',
    reportedAt: '2025-06-01T09:30:00+08:00',
    ...over,
  });
const signed = (value: string, secret = client.secret) => ({
  key: 'k',
  value,
  headers: {
    'x-grid-key-id': client.keyId,
    'x-grid-timestamp': '1748741400',
    'x-grid-signature': signBody(secret, '1748741400', value),
  },
});

describe('grid.inbound consumer (distributed mode)', () => {
  it('takes signed reports, drops repeats, dead-letters what can never be taken, with the reason', async () => {
    const taken: string[] = [];
    const inbound = {
      client: (id?: string) => (id === client.keyId ? client : undefined),
      receive: async (_: unknown, report: GridEventDto) => {
        if (report.communityCode !== '620102001001') throw forbidden(`community ${report.communityCode} is outside`);
        if (taken.includes(report.eventId)) throw conflict(`grid event ${report.eventId} was already received`);
        taken.push(report.eventId);
        return { problemId: report.eventId, category: 'illegal_posting', events: [], position: 1 };
      },
    };
    const bus = new InProcessBus({ retryBaseMs: 5, log: () => undefined });
    const consumer = new GridInboundConsumer(
      inbound as never,
      { ...DEFAULT_GRID_LINK_OPTIONS, kafka: { topicPrefix: 't.', groupPrefix: 'g' } },
      bus,
    );
    const dead: IncomingMessage[] = [];
    await bus.consume({ groupId: 'watch', topics: ['t.dead-letter'], handle: async (m) => void dead.push(...m) });
    await consumer.onApplicationBootstrap();
    await bus.publish('t.grid.inbound', [
      signed(body('WG-1')),
      signed(body('WG-1')), // a repeat: dropped
      signed(body('WG-2'), 'another-secret-of-sufficient-length-xx'),
      signed(body('WG-3', { classCode: 'x' })),
      signed(body('WG-4', { communityCode: '620102002001' })),
      { ...signed(body('WG-5')), headers: { ...signed(body('WG-5')).headers, 'x-grid-key-id': 'nobody' } },
      signed(body('WG-7', { description: '小广告\u202E' })),
      signed(body('WG-8').replace(/}$/, `,"evidence":${'['.repeat(5000)}${']'.repeat(5000)}}`)), // too deep for JSON.stringify to write
      signed(body('WG-6')),
    ]);
    await waitUntil(() => taken.length === 2 && dead.length === 6);
    expect(taken).toEqual(['WG-1', 'WG-6']);
    expect(dead.map((m) => m.headers[DEAD_LETTER_HEADERS.reason])).toEqual([
      'grid signature refused: the signature does not match the body',
      'invalid grid event: classCode',
      'community 620102002001 is outside',
      'unknown grid key id nobody',
      'invalid grid event: description',
      'value nests deeper than 32 levels',
    ]);
    await consumer.onApplicationShutdown();
    await bus.close();
  });

  it('retries a community the registry does not hold yet, and dead-letters it once the wait is over', async () => {
    let registered = false;
    const attempts: string[] = [];
    const taken: string[] = [];
    const inbound = {
      client: () => client,
      receive: async (_: unknown, report: GridEventDto) => {
        attempts.push(report.eventId);
        if (!registered || report.eventId === 'WG-never')
          throw invalid(`community ${report.communityCode} is not in the jurisdiction registry`, {
            field: 'communityCode',
            reason: 'unknown_community',
          });
        taken.push(report.eventId);
        return { problemId: report.eventId, category: 'illegal_posting', events: [], position: 1 };
      },
    };
    const bus = new InProcessBus({ retryBaseMs: 5, retryMaxMs: 20, log: () => undefined });
    const kafka = { topicPrefix: 't.', groupPrefix: 'g' };
    const dead: IncomingMessage[] = [];
    await bus.consume({ groupId: 'watch', topics: ['t.dead-letter'], handle: async (m) => void dead.push(...m) });
    const waits = new GridInboundConsumer(
      inbound as never,
      { ...DEFAULT_GRID_LINK_OPTIONS, kafka, unknownCommunityWaitMs: 60_000 },
      bus,
    );
    await waits.onApplicationBootstrap();
    await bus.publish('t.grid.inbound', [signed(body('WG-late'))]);
    await waitUntil(() => attempts.length >= 3);
    registered = true; // the registry caught up
    await waitUntil(() => taken.includes('WG-late'));
    expect(dead).toEqual([]);
    await waits.onApplicationShutdown();

    const gives = new GridInboundConsumer(
      inbound as never,
      { ...DEFAULT_GRID_LINK_OPTIONS, kafka: { ...kafka, groupPrefix: 'h' }, unknownCommunityWaitMs: 0 },
      bus,
    );
    await gives.onApplicationBootstrap();
    await bus.publish('t.grid.inbound', [signed(body('WG-never'))]);
    await waitUntil(() => dead.some((m) => m.value.includes('WG-never')));
    expect(dead.map((m) => m.headers[DEAD_LETTER_HEADERS.reason])).toEqual([
      'community 620102001001 is not in the jurisdiction registry',
    ]);
    await gives.onApplicationShutdown();
    await bus.close();
  });
});
