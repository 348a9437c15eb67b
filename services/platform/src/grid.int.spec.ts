import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { GridDispatcher, verifySignature } from '@chuangwen/grid-link';
import { signBody } from '@chuangwen/webhooks';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102), 兰州市, under the shipped 甘肃 standard (g4.2: a point per open problem).
const DISTRICT = '620102';
const STREET = '620102001';
const CLIENT = { keyId: 'wg-chengguan-001', secret: 'grid-secret-for-tests-0123456789abcdef', jurisdiction: STREET };

/** A grid platform's receiving end: answers 500 while `failing`, otherwise keeps what arrives. */
function receiver() {
  const got: { body: Record<string, any>; headers: IncomingMessage['headers'] }[] = [];
  // `gone`: every connection is cut at once (the port stays ours: closing it and binding it again later
  // would race other processes on the machine for it).
  const state = { failing: true, gone: false, attempts: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.attempts++;
      if (state.failing) return void res.writeHead(500).end('down for maintenance');
      got.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: req.headers });
      res.writeHead(202).end();
    });
  });
  server.on('connection', (socket) => {
    if (state.gone) socket.destroy();
  });
  return { got, state, server };
}
const listen = (s: Server, port = 0) =>
  new Promise<number>((ok) => s.listen(port, '127.0.0.1', () => ok((s.address() as AddressInfo).port)));
const close = (s: Server) => new Promise<void>((ok) => s.close(() => ok()));

describe('grid link over HTTP: a signed report in, rectification CloudEvents out through a failing endpoint, refusals', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let dispatcher: GridDispatcher;
  let c: string[];
  let port: number;
  const far = receiver();
  const tokens: Record<string, string> = {};
  const clock = new ManualClock(new Date('2025-06-01T02:00:00Z'));
  const as = (who: string) => ({ Authorization: tokens[who] });
  const head = () => store.headPosition();
  const g42 = async (code: string) =>
    (await http.get(`/api/scores/${code}`).set(as('office')).expect(200)).body.scorecard.indicators.find(
      (i: { id: string }) => i.id === 'g4.2',
    );
  const report = (over: Record<string, unknown> = {}) => ({
    eventId: 'WG20250601-0001',
    classCode: '0201',
    className: '非法小广告',
    gridCellId: `${c[0]}-03`,
    communityCode: c[0],
    location: '和平路12号东侧电线杆',
    description: '电线杆上张贴小广告',
    reportedAt: '2025-06-01T09:30:00+08:00',
    evidence: [
      { kind: 'photo', ref: 'https://grid.example.cn/files/9f2c.jpg' },
      { kind: 'gps_point', ref: '36.0611,103.8343' },
    ],
    ...over,
  });
  /** Posts a body as the grid does: signed over the exact bytes sent. */
  const send = (
    body: unknown,
    opts: { ts?: number; secret?: string; keyId?: string; tamper?: (s: string) => string } = {},
  ) => {
    const raw = JSON.stringify(body);
    const ts = String(opts.ts ?? Math.floor(clock.now().getTime() / 1000));
    return http
      .post('/api/integrations/grid/events')
      .set('Content-Type', 'application/json')
      .set('X-Grid-Key-Id', opts.keyId ?? CLIENT.keyId)
      .set('X-Grid-Timestamp', ts)
      .set('X-Grid-Signature', signBody(opts.secret ?? CLIENT.secret, ts, raw))
      .send(opts.tamper ? opts.tamper(raw) : raw);
  };

  beforeAll(async () => {
    port = await listen(far.server);
    platform = await startPlatform({
      name: 'grid',
      clock,
      region: DISTRICT,
      settings: { OVERDUE_SCAN_INTERVAL_MS: 0, GRID_DISPATCH_INTERVAL_MS: 0, GRID_CLIENTS: JSON.stringify([CLIENT]) },
    });
    ({ http, store } = platform);
    dispatcher = platform.app.get(GridDispatcher);
    c = await platform.children(STREET);
    const token = async (sub: string, jurisdiction: string, role: string) =>
      (tokens[sub] = await platform.bearer(jurisdiction, [role], sub));
    await token('office', DISTRICT, 'office');
    await token('street', STREET, 'street');
    await token('staff', c[0], 'community');
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    if (far.server.listening) await close(far.server);
  });

  it('refuses bad or replayed deliveries with a clear error, writing nothing', async () => {
    const before = await head();
    const now = Math.floor(clock.now().getTime() / 1000);
    expect((await send(report(), { tamper: (s) => s.replace('小广告"', '大广告"') }).expect(401)).body.message).toMatch(
      /signature does not match/,
    );
    expect(
      (await send(report(), { secret: 'another-secret-of-sufficient-length-xx' }).expect(401)).body.message,
    ).toMatch(/does not match/);
    expect((await send(report(), { keyId: 'wg-unknown' }).expect(401)).body.message).toMatch(
      /unknown grid key id wg-unknown/,
    );
    expect((await send(report(), { ts: now - 301 }).expect(401)).body.message).toMatch(/stale or replayed/);
    await http
      .post('/api/integrations/grid/events')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(report()))
      .expect(401);
    expect(
      (await send(report({ gridCellId: undefined, reportedAt: '2025-06-01' })).expect(400)).body.errors
        .map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['gridCellId', 'reportedAt']);
    expect((await send(report({ classCode: '0299' })).expect(422)).body.message).toMatch(
      /0299 is not in the class table/,
    );
    expect((await send(report({ classCode: '0406', className: '火灾' })).expect(422)).body.message).toMatch(
      /maps to no problem category/,
    );
    expect((await send(report({ classCode: '0201', className: '暴露垃圾' })).expect(422)).body.message).toMatch(
      /0201 is 非法小广告/,
    );
    expect((await send(report({ communityCode: '620102002001' })).expect(403)).body.message).toMatch(
      /outside the jurisdiction 620102001 of grid client/,
    );
    expect((await send(report({ communityCode: `${STREET}999` })).expect(422)).body.message).toMatch(
      /not in the jurisdiction registry/,
    );
    expect(await head()).toBe(before);
  });

  it('takes a report in, delivers the task out through an endpoint that fails then recovers, and closes it', async () => {
    // An office registers the grid's endpoint; deliveries are signed with the client's secret.
    const endpoint = (
      await http
        .post('/api/integrations/grid/endpoints')
        .set(as('office'))
        .send({ url: `http://127.0.0.1:${port}/chuangwen/events`, jurisdictionCode: STREET, clientId: CLIENT.keyId })
        .expect(201)
    ).body;
    await http
      .post('/api/integrations/grid/endpoints')
      .set(as('office'))
      .send({ url: `http://127.0.0.1:${port}/chuangwen/events`, jurisdictionCode: STREET })
      .expect(409);
    await http
      .post('/api/integrations/grid/endpoints')
      .set(as('staff'))
      .send({ url: 'http://127.0.0.1:1/x', jurisdictionCode: c[0] })
      .expect(403);

    expect((await g42(c[0])).points).toBe(8);
    const received = (await send(report()).expect(201)).body;
    expect(received).toMatchObject({
      category: 'illegal_posting',
      events: ['GridProblemReceived', 'ProblemRecorded', 'ProblemEvidenceAttached'],
    });
    const { problemId } = received;
    expect(received.id).toBe(problemId); // `id` as on every create answer; problemId kept
    // Visible as a problem, and it costs the community its point.
    const problems = (await http.get(`/api/problems?jurisdictionCode=${c[0]}`).set(as('office')).expect(200)).body;
    expect(JSON.stringify(problems)).toContain(problemId);
    expect((await http.get(`/api/rectifications/${problemId}`).set(as('office')).expect(200)).body).toMatchObject({
      source: 'grid',
      category: 'illegal_posting',
      location: '和平路12号东侧电线杆',
    });
    expect((await g42(c[0])).points).toBe(7);
    const stream = await store.readStream(`problem-${problemId}`);
    expect(stream[0]).toMatchObject({
      type: 'GridProblemReceived',
      data: { gridEventId: 'WG20250601-0001', gridCellId: `${c[0]}-03`, classCode: '0201', clientId: CLIENT.keyId },
      metadata: { actor: { id: `grid-client:${CLIENT.keyId}`, roles: ['system'] } },
    });

    // The same grid event again (a retry, a replay): 409, nothing written.
    const before = await head();
    expect((await send(report({ description: '再报一次' })).expect(409)).body.message).toMatch(
      /WG20250601-0001 of client wg-chengguan-001 was already received/,
    );
    expect(await head()).toBe(before);

    // The endpoint answers 500: nothing is lost, the dispatcher backs off.
    expect(await dispatcher.tick()).toMatchObject({ delivered: 0, failed: 1 });
    expect(await dispatcher.tick()).toMatchObject({ delivered: 0, failed: 0, backingOff: 1 });
    expect(far.state.attempts).toBe(1);
    // Then it is gone altogether (every connection cut).
    far.state.gone = true;
    clock.advance(1_000);
    expect(await dispatcher.tick()).toMatchObject({ delivered: 0, failed: 1 });
    const listed = (await http.get('/api/integrations/grid/endpoints').set(as('office')).expect(200)).body;
    expect(listed.find((e: { id: string }) => e.id === endpoint.id).health).toMatchObject({
      failures: 2,
      lastError: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/), // fetch (undici) names a cut connection so
    });
    // It recovers: after the back-off (2 s now) everything arrives, in order.
    far.state.failing = false;
    far.state.gone = false;
    clock.advance(1_000);
    expect(await dispatcher.tick()).toMatchObject({ delivered: 0, backingOff: 1 });
    clock.advance(1_000);
    expect(await dispatcher.tick()).toMatchObject({ delivered: 2, failed: 0, open: 0 });

    // The office dispatches the task, the community handles it, the office verifies: 结案.
    await http
      .post('/api/rectifications')
      .set(as('office'))
      .send({ problemId, deadline: '2025-06-05', requirements: '清除小广告并恢复原貌' })
      .expect(201);
    await http
      .post(`/api/rectifications/${problemId}/submission`)
      .set(as('staff'))
      .send({ description: '已清除', evidence: [{ kind: 'photo', ref: 'after-1' }] })
      .expect(200);
    await http
      .post(`/api/rectifications/${problemId}/rejection`)
      .set(as('office'))
      .send({ reason: '仍有残留' })
      .expect(200);
    await http
      .post(`/api/rectifications/${problemId}/submission`)
      .set(as('staff'))
      .send({ description: '已彻底清除', evidence: [{ kind: 'photo', ref: 'after-2' }] })
      .expect(200);
    await http.post(`/api/rectifications/${problemId}/verification`).set(as('office')).expect(200);
    expect(await dispatcher.tick()).toMatchObject({ delivered: 6, open: 0 });
    expect(await dispatcher.tick()).toMatchObject({ delivered: 0, failed: 0 });
    expect((await g42(c[0])).points).toBe(8);

    const events = far.got.map((g) => g.body);
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
    for (const e of events) {
      expect(e).toMatchObject({
        specversion: '1.0',
        source: '/chuangwen/inspections',
        subject: problemId,
        datacontenttype: 'application/json',
      });
      expect(e.data).toMatchObject({
        problemId,
        communityCode: c[0],
        gridEventId: 'WG20250601-0001',
        gridCellId: `${c[0]}-03`,
      });
    }
    expect(events[7].data).toMatchObject({
      stage: '结案',
      category: 'illegal_posting',
      deadline: '2025-06-05',
      overdue: false,
    });
    // Each delivery is signed like the webhook, so the grid can check it came from the platform.
    for (const { headers } of far.got) {
      expect(headers['content-type']).toMatch(/^application\/cloudevents\+json/);
      const body = JSON.stringify(events[far.got.findIndex((g) => g.headers === headers)]);
      expect(
        verifySignature({
          secret: CLIENT.secret,
          timestamp: headers['x-grid-timestamp'] as string,
          signature: headers['x-grid-signature'] as string,
          body,
        }).ok,
      ).toBe(true);
    }
  });
});
