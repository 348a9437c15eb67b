import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { verifySignature } from '@chuangwen/grid-link';
import { RectificationEscalationScheduler, RectificationOverdueScheduler } from '@chuangwen/inspections';
import { NotificationDispatcher, WEBHOOK_HEADERS } from '@chuangwen/notifications';
import { startPlatform, TestPlatform } from './testing/platform';

const DISTRICT = '620102';
const STREET = '620102001';
const DAY = 86_400_000;

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** An office's own system: answers `failNext` requests with 500, then 200; records what it got. */
class OfficeSystem {
  readonly received: Received[] = [];
  failNext = 0;
  attempts = 0;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.attempts++;
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(500).end();
          return;
        }
        this.received.push({ headers: req.headers, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks/chuangwen`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()) ?? r());
  }
}

describe('field work over HTTP: the escalation ladder on the injected clock, notifications, webhooks, a restart', () => {
  const clock = new ManualClock(new Date('2025-06-01T02:00:00Z'));
  const office = new OfficeSystem();
  let platform: TestPlatform;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let c: string[];
  let problemId: string;
  let secret: string;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: tokens[who] });

  /** The platform this suite speaks to: the first process, then the one after the restart. */
  const use = (p: TestPlatform) => ({ app, http, store } = platform = p);
  /** What the schedulers do every OVERDUE_/ESCALATION_SCAN_INTERVAL_MS, on the clock as it stands. */
  const scan = async () => {
    await app.get(RectificationOverdueScheduler).scan();
    return app.get(RectificationEscalationScheduler).scan();
  };
  const dispatch = () => app.get(NotificationDispatcher).tick();
  const rectification = async () =>
    (await http.get(`/api/rectifications/${problemId}`).set(as('district')).expect(200)).body;
  const inbox = async (who: string, query = '') =>
    (await http.get(`/api/notifications${query}`).set(as(who)).expect(200)).body;

  beforeAll(async () => {
    await office.start();
    use(
      await startPlatform({
        name: 'field-work',
        clock,
        region: DISTRICT,
        settings: { OVERDUE_SCAN_INTERVAL_MS: 0, ESCALATION_SCAN_INTERVAL_MS: 0, NOTIFICATION_DISPATCH_INTERVAL_MS: 0 },
      }),
    );
    c = await platform.children(STREET);
    const token = async (sub: string, jurisdiction: string, role: string) =>
      (tokens[sub] = await platform.bearer(jurisdiction, [role], sub));
    await token('district', DISTRICT, 'office');
    await token('inspector', DISTRICT, 'inspector');
    await token('street', STREET, 'street');
    await token('staff', c[0], 'community');
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await office.stop();
  });

  it('an office sets its ladder (422 naming a bad step), and registers a webhook for its systems', async () => {
    const before = await store.headPosition();
    const bad = await http
      .put(`/api/escalations/ladders/${STREET}`)
      .set(as('street'))
      .send({ steps: [{ afterDays: 1, level: 'district' }] })
      .expect(422);
    expect(bad.body.details).toEqual({ field: 'steps.0.level' });
    await http
      .put(`/api/escalations/ladders/${STREET}`)
      .set(as('street'))
      .send({ steps: [{ afterDays: 0, level: 'street' }] })
      .expect(400);
    await http
      .put(`/api/escalations/ladders/${DISTRICT}`)
      .set(as('street'))
      .send({ steps: [{ afterDays: 1, level: 'street' }] })
      .expect(403);
    expect(await store.headPosition()).toBe(before);
    expect((await http.get(`/api/escalations/ladders/${c[0]}`).set(as('staff')).expect(200)).body).toMatchObject({
      ladderOf: '000000',
      isDefault: true,
    });

    const steps = [
      { afterDays: 1, level: 'street' },
      { afterDays: 3, level: 'district', supervised: true },
      { afterDays: 7, level: 'district', supervised: true, bulletin: true },
    ];
    const set = await http.put(`/api/escalations/ladders/${DISTRICT}`).set(as('district')).send({ steps }).expect(200);
    expect(set.body).toMatchObject({ jurisdictionCode: DISTRICT, events: ['EscalationLadderSet'] });
    expect((await http.get(`/api/escalations/ladders/${c[0]}`).set(as('staff')).expect(200)).body).toMatchObject({
      ladderOf: DISTRICT,
      isDefault: false,
      steps: [{ afterDays: 1, level: 'street', supervised: false, bulletin: false }, {}, {}],
    });

    await http
      .post('/api/notifications/webhooks')
      .set(as('street'))
      .send({ url: office.url, jurisdictionCode: DISTRICT })
      .expect(403);
    const hook = await http
      .post('/api/notifications/webhooks')
      .set(as('district'))
      .send({ url: office.url, jurisdictionCode: DISTRICT, description: '区短信网关' })
      .expect(201);
    expect(hook.body).toMatchObject({
      url: office.url,
      jurisdictionCode: DISTRICT,
      secret: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    secret = hook.body.secret;
    const listed = (await http.get('/api/notifications/webhooks').set(as('district')).expect(200)).body;
    expect(listed).toHaveLength(1);
    expect(listed[0].secret).toBeUndefined();
  });

  it('1 day overdue: the street office is notified, in the app and on the webhook (retried until delivered, signed)', async () => {
    problemId = (
      await http
        .post('/api/problems')
        .set(as('inspector'))
        .send({
          communityCode: c[0],
          category: 'random_piling',
          description: '楼道堆物',
          source: 'inspector',
          foundOn: '2025-06-01',
        })
        .expect(201)
    ).body.id;
    await http
      .post('/api/rectifications')
      .set(as('street'))
      .send({ problemId, deadline: '2025-06-03', requirements: '清理楼道' })
      .expect(201);
    expect((await inbox('staff')).items.map((n: { kind: string }) => n.kind)).toEqual(['rectification_notice']);

    clock.set('2025-06-03T12:00:00Z'); // the deadline day itself (20:00 China time): not overdue yet
    expect(await scan()).toEqual({ escalated: [], steps: 0 });
    clock.set('2025-06-04T02:00:00Z'); // 1 day overdue
    expect(await scan()).toEqual({ escalated: [problemId], steps: 1 });
    expect(await scan()).toEqual({ escalated: [], steps: 0 });
    const record = await rectification();
    expect(record).toMatchObject({
      overdue: true,
      escalatedStep: 1,
      escalations: [
        {
          step: 1,
          level: 'street',
          notifiedCode: STREET,
          daysOverdue: 1,
          supervised: false,
          bulletin: false,
          ladderOf: DISTRICT,
        },
      ],
    });

    const street = await inbox('street');
    expect(street).toMatchObject({ recipient: STREET, total: 1, unread: 1 });
    expect(street.items[0]).toMatchObject({
      kind: 'rectification_escalated',
      problemId,
      title: '整改逾期督办：乱堆乱放（逾期1天）',
      read: false,
    });

    // The office's system is down twice: the webhook backs off on the platform clock, then gets both, in order.
    office.failNext = 2;
    expect(await dispatch()).toMatchObject({ delivered: 0, failed: 1, open: 2 });
    expect(await dispatch()).toMatchObject({ failed: 0, backingOff: 1 });
    clock.advance(1_000);
    expect(await dispatch()).toMatchObject({ failed: 1 });
    clock.advance(1_999);
    expect(await dispatch()).toMatchObject({ backingOff: 1 });
    clock.advance(1);
    expect(await dispatch()).toMatchObject({ delivered: 2, failed: 0, open: 0 });
    expect(office.attempts).toBe(4);
    const events = office.received.map((r) => JSON.parse(r.body));
    expect(events.map((e) => e.type)).toEqual([
      'cn.chuangwen.notification.rectification-notice',
      'cn.chuangwen.notification.rectification-escalated',
    ]);
    expect(events[1]).toMatchObject({
      specversion: '1.0',
      source: '/chuangwen/notifications',
      subject: problemId,
      data: { recipient: STREET, kind: 'rectification_escalated', data: { step: 1, daysOverdue: 1 } },
    });
    for (const r of office.received) {
      expect(r.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
      const check = verifySignature({
        secret,
        timestamp: r.headers[WEBHOOK_HEADERS.timestamp] as string,
        signature: r.headers[WEBHOOK_HEADERS.signature] as string,
        body: r.body,
        now: new Date(),
        maxAgeSeconds: 300,
      });
      expect(check).toEqual({ ok: true });
    }
    expect(await dispatch()).toMatchObject({ delivered: 0, open: 0 }); // nothing twice
  });

  it('3 days: the district office lists it (督办); 7 days: it counts in the bulletin; steps are taken once', async () => {
    clock.set('2025-06-06T02:00:00Z');
    expect(await scan()).toEqual({ escalated: [problemId], steps: 1 });
    const listed = (
      await http.get(`/api/escalations?jurisdictionCode=${DISTRICT}&supervised=true`).set(as('district')).expect(200)
    ).body;
    expect(listed).toMatchObject({
      total: 1,
      items: [
        {
          problemId,
          step: 2,
          level: 'district',
          notifiedCode: DISTRICT,
          daysOverdue: 3,
          supervised: true,
          bulletin: false,
          open: true,
        },
      ],
    });
    expect((await http.get(`/api/escalations/counts/${DISTRICT}`).set(as('district')).expect(200)).body).toEqual({
      code: DISTRICT,
      open: 1,
      supervised: 1,
      bulletin: 0,
    });
    expect((await inbox('district')).items[0]).toMatchObject({
      recipient: DISTRICT,
      title: '整改逾期督办：乱堆乱放（逾期3天）',
      body: expect.stringContaining('列入督办清单'),
    });
    await http.get(`/api/escalations?jurisdictionCode=620103`).set(as('district')).expect(403);

    clock.set('2025-06-10T02:00:00Z');
    expect(await scan()).toEqual({ escalated: [problemId], steps: 1 });
    expect(await scan()).toEqual({ escalated: [], steps: 0 });
    const bulletin = (
      await http
        .get(`/api/escalations?jurisdictionCode=${DISTRICT}&bulletin=true&month=2025-06`)
        .set(as('district'))
        .expect(200)
    ).body;
    expect(bulletin.items).toEqual([
      expect.objectContaining({ problemId, step: 3, daysOverdue: 7, bulletin: true, bulletinMonth: '2025-06' }),
    ]);
    expect(
      (await rectification()).escalations.map((s: { step: number; daysOverdue: number }) => [s.step, s.daysOverdue]),
    ).toEqual([
      [1, 1],
      [2, 3],
      [3, 7],
    ]);
  });

  it('marks read per user: the badge goes down, marking again changes nothing, others’ inboxes are out of reach', async () => {
    const street = await inbox('street');
    const id = street.items[0].id;
    await http.post(`/api/notifications/${id}/read`).set(as('staff')).expect(403);
    const first = (await http.post(`/api/notifications/${id}/read`).set(as('street')).expect(200)).body;
    expect((await http.post(`/api/notifications/${id}/read`).set(as('street')).expect(200)).body.readAt).toBe(
      first.readAt,
    );
    expect(await inbox('street')).toMatchObject({ unread: 0, items: [{ id, read: true }] });
    expect((await inbox('district', `?jurisdictionCode=${STREET}`)).unread).toBe(1); // read marks are the reader's own
    await http.get(`/api/notifications?jurisdictionCode=${DISTRICT}`).set(as('street')).expect(403);
  });

  it('survives a restart: undelivered notifications are delivered by the next process, no step is taken twice', async () => {
    // Steps 2 and 3 and the submission (to the street) are not delivered yet: the office's system is down when the process stops.
    office.failNext = 1_000;
    await http
      .post(`/api/rectifications/${problemId}/submission`)
      .set(as('staff'))
      .send({ description: '已清理', evidence: [{ kind: 'photo', ref: 'photo-1' }] })
      .expect(200);
    clock.advance(10 * DAY);
    expect(await dispatch()).toMatchObject({ delivered: 0, failed: 1, open: 3 });
    office.failNext = 0; // up again for the next process (the one stopping sends nothing more)
    use(await platform.restart()); // caught up
    expect(await scan()).toEqual({ escalated: [], steps: 0 });
    expect(await dispatch()).toMatchObject({ delivered: 3, failed: 0, open: 0 });
    expect(office.received.slice(-3).map((r) => [JSON.parse(r.body).type, JSON.parse(r.body).data.data.step])).toEqual([
      ['cn.chuangwen.notification.rectification-escalated', 2],
      ['cn.chuangwen.notification.rectification-escalated', 3],
      ['cn.chuangwen.notification.rectification-submitted', undefined],
    ]);
    expect(new Set(office.received.map((r) => JSON.parse(r.body).id)).size).toBe(office.received.length);
    expect(await inbox('street')).toMatchObject({ total: 2, unread: 1 });

    // Verified: off the open 督办 list.
    await http.post(`/api/rectifications/${problemId}/verification`).set(as('district')).expect(200);
    expect((await http.get(`/api/escalations/counts/${DISTRICT}`).set(as('district')).expect(200)).body).toMatchObject({
      open: 0,
      supervised: 0,
    });
    expect(
      (await http.get(`/api/escalations?jurisdictionCode=${DISTRICT}&open=false`).set(as('district')).expect(200)).body
        .items[0],
    ).toMatchObject({ open: false, verifiedOn: expect.any(String) });

    // An office removes its webhook; a street office cannot remove the district's.
    const [hook] = (await http.get('/api/notifications/webhooks').set(as('district')).expect(200)).body;
    await http.delete(`/api/notifications/webhooks/${hook.id}`).set(as('street')).expect(403);
    await http.delete(`/api/notifications/webhooks/${hook.id}`).set(as('district')).expect(204);
    expect((await http.get('/api/notifications/webhooks').set(as('district')).expect(200)).body).toEqual([]);
  });
});
