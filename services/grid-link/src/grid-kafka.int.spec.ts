import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CLOCK, JURISDICTION_LOOKUP, platformEventCatalog, problemStream, systemClock } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { EVENT_STORE } from '@chuangwen/event-store';
import { handleCommand } from '@chuangwen/commanding';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { problemDecider } from '@chuangwen/inspections';
import type { ProblemCommand } from '@chuangwen/inspections';
import { JurisdictionRegistry, registryProjection, seedRegion } from '@chuangwen/jurisdictions';
import {
  busEventSource,
  CONTEXTS,
  DEAD_LETTER_HEADERS,
  EventRelay,
  MESSAGE_BUS,
  readStoreCheckpoint,
} from '@chuangwen/messaging';
import { KafkaBus } from '@chuangwen/messaging/kafka';
import type { Consumer, IncomingMessage } from '@chuangwen/messaging';
import { ProjectionHost, READ_YOUR_WRITES } from '@chuangwen/projections';
import type { Projection } from '@chuangwen/projections';
import { READ_STORE } from '@chuangwen/read-store';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { toDay } from '@chuangwen/scoring-engine';
import { describeIntegration } from '@chuangwen/testing';
import { gridProblemId, GridInbound } from './application/grid-inbound';
import { signBody } from '@chuangwen/webhooks';
import { GridLinkModule } from './grid-link.module';

const CLIENT = {
  keyId: 'wg-chengguan-001',
  secret: 'grid-secret-for-tests-0123456789abcdef',
  jurisdiction: '620102001',
};
// A second grid whose district is seeded only later: its reports must wait for the registry.
const LATE = { keyId: 'wg-jingjiang-001', secret: 'another-grid-secret-for-tests-0123456789', jurisdiction: '321282' };
const COMMUNITY = '620102001001';
const OFFICE: Actor = { id: 'office', roles: ['office'], jurisdiction: '620102' };
const catalog = platformEventCatalog();
const quiet = () => undefined;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A grid report as the grid sends it on grid.inbound: the webhook's body and headers. */
const report = (eventId: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventId,
    classCode: '0201',
    className: '非法小广告',
    gridCellId: `${COMMUNITY}-03`,
    communityCode: COMMUNITY,
    description: '电线杆上张贴小广告',
    reportedAt: '2025-06-01T09:30:00+08:00',
    ...over,
  });
const signed = (value: string, client: { keyId: string; secret: string } = CLIENT, secret = client.secret) => {
  const ts = String(Math.floor(Date.now() / 1000));
  // One key for all, so they share a partition: the order below is the order they are taken in.
  return {
    key: 'grid',
    value,
    headers: { 'x-grid-key-id': client.keyId, 'x-grid-timestamp': ts, 'x-grid-signature': signBody(secret, ts, value) },
  };
};

/**
 * The grid link's Kafka side as a `SERVICES=grid,relay` process runs it: the SQLite event store, the
 * relay to the context topics, the registry and outbox projections fed from Kafka, grid.inbound in,
 * grid.outbound out (the dispatcher on its timer).
 */
describeIntegration('kafka', 'grid link on Kafka: grid.inbound in, grid.outbound out', (brokers) => {
  const run = `cw-grid-${randomUUID().slice(0, 8)}`;
  const prefix = `${run}.`;
  const topics = [
    ...CONTEXTS.map((c) => `${prefix}${c}`),
    `${prefix}dead-letter`,
    `${prefix}grid.inbound`,
    `${prefix}grid.outbound`,
  ];
  let dir: string;
  let admin: KafkaBus;
  let bus: KafkaBus;
  let store: SqliteEventStore;
  let reads: SqliteReadStore;
  let host: ProjectionHost;
  let relay: EventRelay;
  let app: INestApplicationContext;
  const watchers: Consumer[] = [];
  const dead: IncomingMessage[] = [];
  const outbound: IncomingMessage[] = [];
  const registry = () => new JurisdictionRegistry(reads);
  const problemEvents = async (id: string) => (await store.readStream(problemStream(id))).map((e) => e.type);
  const act = (problemId: string, command: ProblemCommand) =>
    handleCommand(
      store,
      problemStream(problemId),
      problemDecider({ actor: OFFICE, now: new Date() }),
      command,
      { actor: OFFICE, correlationId: randomUUID(), now: new Date() },
      {
        jurisdictionOf: (e) => e.data.communityCode,
      },
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-grid-kafka-'));
    admin = new KafkaBus({ brokers: brokers(), clientId: `${run}-admin`, log: quiet });
    await admin.ensureTopics(topics.map((topic) => ({ topic, partitions: topic.endsWith('dead-letter') ? 1 : 3 })));
    store = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 50 });
    reads = new SqliteReadStore(join(dir, 'reads.db'));
    bus = new KafkaBus({
      brokers: brokers(),
      clientId: run,
      retryBaseMs: 50,
      retryMaxMs: 500,
      maxWaitTimeInMs: 200,
      log: quiet,
    });
    await seedRegion(store, '620102');

    const topicsOf = (p: Projection) =>
      [...new Set([...p.handles].map((t) => catalog.get(t)?.context).filter((c) => c !== undefined))].map(
        (c) => `${prefix}${c}`,
      );
    host = new ProjectionHost(
      [registryProjection, ...GridLinkModule.projections],
      (p) =>
        busEventSource({
          bus,
          groupId: `${run}.grid.${p.name}`,
          topics: topicsOf(p),
          deadLetterTopic: `${prefix}dead-letter`,
          log: quiet,
        }),
      reads,
      { catalog },
    );
    relay = new EventRelay({
      store,
      bus,
      checkpoint: readStoreCheckpoint(reads),
      topicPrefix: prefix,
      retryBaseMs: 50,
      log: quiet,
    });
    @Module({})
    class Infrastructure {
      static forRoot(): DynamicModule {
        const values = [
          [EVENT_STORE, store],
          [READ_STORE, reads],
          [CLOCK, systemClock],
          [MESSAGE_BUS, bus],
          [READ_YOUR_WRITES, { waitFor: async () => undefined }],
          [JURISDICTION_LOOKUP, registry()],
        ] as const;
        return {
          module: Infrastructure,
          global: true,
          providers: values.map(([provide, useValue]) => ({ provide, useValue })),
          exports: values.map(([t]) => t),
        };
      }
    }
    const gridLink = GridLinkModule.forRoot({
      clients: [CLIENT, LATE],
      dispatchIntervalMs: 100,
      retryBaseMs: 50,
      kafka: { topicPrefix: prefix, groupPrefix: run },
    });
    @Module({ imports: [Infrastructure.forRoot(), gridLink] })
    class GridProcess {}

    for (const [topic, into] of [
      [`${prefix}dead-letter`, dead],
      [`${prefix}grid.outbound`, outbound],
    ] as const) {
      watchers.push(
        await admin.consume({
          groupId: `${run}.watch.${topic}`,
          topics: [topic],
          handle: async (m) => void into.push(...m),
        }),
      );
    }
    await host.start();
    await relay.start();
    app = await NestFactory.createApplicationContext(GridProcess, { logger: false });
    await until('the registry fed from Kafka', async () => (await registry().find(COMMUNITY)) ?? undefined);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await relay?.stop();
    await host?.stop();
    for (const w of watchers) await w.stop();
    await bus?.close();
    await admin?.deleteTopics(topics).catch(() => undefined);
    await admin?.close();
    await store?.close();
    await reads?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('takes a signed report as a problem; a replay changes nothing; bad messages are dead-lettered with the reason, and the next is still taken', async () => {
    const first = signed(report('WG-1'));
    const badlySigned = signed(report('WG-2'), CLIENT, 'not-the-secret-of-this-client-0123456789');
    await bus.publish(`${prefix}grid.inbound`, [
      first,
      first, // the same message again (at-least-once, or a replay): dropped
      badlySigned,
      signed('{"eventId": "WG-3", '), // signed, but not JSON
      signed('[1, 2]'),
      signed(report('WG-4', { classCode: '0299' })),
      signed(report('WG-5', { communityCode: '620102002001' })),
      signed(report('WG-6', { gridCellId: undefined })),
      signed(report('WG-7', { location: '和平路12号' })),
    ]);
    const wg7 = gridProblemId(CLIENT.keyId, 'WG-7');
    await until('the report after the bad ones', async () => ((await problemEvents(wg7)).length ? true : undefined));
    await until('six dead letters', () => (dead.length >= 6 ? true : undefined));

    const wg1 = gridProblemId(CLIENT.keyId, 'WG-1');
    expect(await problemEvents(wg1)).toEqual(['GridProblemReceived', 'ProblemRecorded']);
    expect(await problemEvents(wg7)).toEqual(['GridProblemReceived', 'ProblemRecorded', 'ProblemEvidenceAttached']);
    const [received] = await store.readStream(problemStream(wg1));
    expect(received).toMatchObject({
      data: { gridEventId: 'WG-1', clientId: CLIENT.keyId, classCode: '0201', category: 'illegal_posting' },
      metadata: { actor: { id: `grid-client:${CLIENT.keyId}` }, jurisdictionCode: COMMUNITY },
    });
    expect(dead.map((m) => m.headers[DEAD_LETTER_HEADERS.reason])).toEqual([
      'grid signature refused: the signature does not match the body',
      'value is not JSON',
      'value is not a grid event (a JSON object)',
      expect.stringMatching(/0299 is not in the class table/),
      expect.stringMatching(/outside the jurisdiction 620102001 of grid client wg-chengguan-001/),
      'invalid grid event: gridCellId',
    ]);
    // A dead letter is the message as it came, with where it came from: it can be republished as is.
    expect(dead[0]).toMatchObject({
      value: badlySigned.value,
      headers: { ...badlySigned.headers, [DEAD_LETTER_HEADERS.topic]: `${prefix}grid.inbound` },
    });

    // The replay, later and alone: nothing is appended, nothing dead-lettered.
    const head = await store.headPosition();
    await bus.publish(`${prefix}grid.inbound`, [first, signed(report('WG-8'))]);
    await until('the report after the replay', async () =>
      (await problemEvents(gridProblemId(CLIENT.keyId, 'WG-8'))).length ? true : undefined,
    );
    expect(await problemEvents(wg1)).toEqual(['GridProblemReceived', 'ProblemRecorded']);
    // The log's readers see a group once it is durable (its fsync may still run after readStream sees it).
    await until('WG-8 durable in the log', async () =>
      (await store.readAll({ after: head })).length >= 2 ? true : undefined,
    );
    expect(await store.readAll({ after: head })).toHaveLength(2);
    expect(dead).toHaveLength(6);
  }, 60_000);

  it('waits for a community the registry does not know yet, rather than dead-lettering the report', async () => {
    const inbound = jest.spyOn(app.get(GridInbound), 'receive');
    await bus.publish(`${prefix}grid.inbound`, [
      signed(report('JJ-1', { communityCode: '321282001001', gridCellId: '321282001001-01' }), LATE),
    ]);
    await until('a first, refused attempt', () =>
      inbound.mock.results.some((r) => r.type === 'return') ? true : undefined,
    );
    await expect(inbound.mock.results[0].value).rejects.toThrow(/321282001001 is not in the jurisdiction registry/);
    await seedRegion(store, '321282');
    const id = gridProblemId(LATE.keyId, 'JJ-1');
    await until('the report, once the registry has its community', async () =>
      (await problemEvents(id)).length ? true : undefined,
    );
    expect(await problemEvents(id)).toEqual(['GridProblemReceived', 'ProblemRecorded']);
    expect(dead).toHaveLength(6);
    inbound.mockRestore();
  }, 60_000);

  it('publishes every rectification change to grid.outbound as a CloudEvent keyed by the problem id, in order', async () => {
    const problemId = gridProblemId(CLIENT.keyId, 'WG-1');
    const deadline = toDay(new Date(Date.now() + 7 * 86_400_000));
    await act(problemId, {
      type: 'IssueRectificationNotice',
      data: { problemId, deadline, requirements: '清除小广告' },
    });
    await act(problemId, {
      type: 'SubmitRectification',
      data: { problemId, description: '已清除', evidence: [{ kind: 'photo', ref: 'after-1' }] },
    });
    await act(problemId, { type: 'RejectRectification', data: { problemId, reason: '仍有残留' } });
    await act(problemId, {
      type: 'SubmitRectification',
      data: { problemId, description: '已彻底清除', evidence: [{ kind: 'photo', ref: 'after-2' }] },
    });
    await act(problemId, { type: 'VerifyRectification', data: { problemId } });

    const mine = () => outbound.filter((m) => m.key === problemId);
    await until('the problem closed on grid.outbound', () =>
      mine().some((m) => m.headers['ce-type'] === 'cn.chuangwen.rectification.closed') ? true : undefined,
    );
    const events = mine().map(
      (m) =>
        JSON.parse(m.value) as {
          id: string;
          type: string;
          subject: string;
          source: string;
          data: { stage: string; gridEventId?: string };
        },
    );
    expect(events.map((e) => [e.type.replace('cn.chuangwen.', ''), e.data.stage])).toEqual([
      ['problem.reported', '上报'],
      ['problem.registered', '立案'],
      ['rectification.dispatched', '派遣'],
      ['rectification.handled', '处置'],
      ['rectification.rejected', '核查'],
      ['rectification.handled', '处置'],
      ['rectification.verified', '核查'],
      ['rectification.closed', '结案'],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(8);
    expect(new Set(mine().map((m) => m.partition)).size).toBe(1);
    for (const [i, m] of mine().entries()) {
      expect(events[i]).toMatchObject({
        specversion: '1.0',
        subject: problemId,
        source: '/chuangwen/inspections',
        data: { problemId, gridEventId: 'WG-1' },
      });
      expect(m.headers).toMatchObject({
        'ce-id': events[i].id,
        'ce-type': events[i].type,
        'ce-source': '/chuangwen/inspections',
        'ce-specversion': '1.0',
        'content-type': 'application/cloudevents+json',
      });
    }
    // The other problems went out too, each under its own key.
    const wg7 = gridProblemId(CLIENT.keyId, 'WG-7');
    await until('WG-7 registered on grid.outbound', () =>
      outbound.some((m) => m.key === wg7 && m.headers['ce-type'] === 'cn.chuangwen.problem.registered')
        ? true
        : undefined,
    );
    expect(outbound.every((m) => (JSON.parse(m.value) as { subject: string }).subject === m.key)).toBe(true);
  }, 60_000);
});
