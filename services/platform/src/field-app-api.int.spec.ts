import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102), 兰州市, under the shipped 甘肃 standard; 2025-06-01 China time.
const DISTRICT = '620102';
const STREET = '620102001';

describe('field work over HTTP: a day’s inspections, checklist, work list, resends, the app’s files', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let c: string[];
  const tokens: Record<string, string> = {};
  const clock = new ManualClock(new Date('2025-06-01T02:00:00Z'));
  const as = (who: string) => ({ Authorization: tokens[who] });

  beforeAll(async () => {
    platform = await startPlatform({
      name: 'field-app-api',
      clock,
      region: DISTRICT,
      settings: { OVERDUE_SCAN_INTERVAL_MS: 0 },
    });
    ({ http, store } = platform);
    c = await platform.children(STREET);
    const token = async (sub: string, jurisdiction: string, role: string) =>
      (tokens[sub] = await platform.bearer(jurisdiction, [role], sub));
    await token('office', DISTRICT, 'office');
    await token('张敏', DISTRICT, 'inspector');
    await token('王五', '620103', 'inspector');
    await token('street', STREET, 'street');
    await token('staff', c[0], 'community');
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  let inspectionId: string;
  let problemId: string;

  it("lists an inspector's inspections of a day: those naming them, inside their jurisdiction", async () => {
    const schedule = (inspectors: string[], plannedOn = '2025-06-01') =>
      http
        .post('/api/inspections')
        .set(as('office'))
        .send({ communityCode: c[0], kind: 'field_inspection', plannedOn, inspectors })
        .expect(201);
    inspectionId = (await schedule(['张敏', '李强'])).body.id;
    await schedule(['李强']);
    await schedule(['张敏'], '2025-06-02');
    const today = (await http.get('/api/inspections/today').set(as('张敏')).expect(200)).body;
    expect(today).toMatchObject({ day: '2025-06-01', inspector: '张敏' });
    expect(today.items.map((i: { inspectionId: string }) => i.inspectionId)).toEqual([inspectionId]);
    expect((await http.get('/api/inspections/day/2025-06-02').set(as('张敏')).expect(200)).body.items).toHaveLength(1);
    expect((await http.get('/api/inspections/today?all=true').set(as('office')).expect(200)).body.items).toHaveLength(
      2,
    );
    // Another district's inspector sees none of them, even named.
    expect((await http.get('/api/inspections/today?all=true').set(as('王五')).expect(200)).body.items).toEqual([]);
    const bad = await http.get('/api/inspections/day/2025-02-30').set(as('张敏')).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('day');
  });

  it("gives one inspection's checklist from the standard in force: inspector-scored items, facilities, categories", async () => {
    const list = (await http.get(`/api/inspections/${inspectionId}/checklist`).set(as('张敏')).expect(200)).body;
    expect(list.standards.map((s: { id: string }) => s.id)).toEqual(['gansu-civilized-community']);
    expect(list.items.map((i: { indicatorId: string }) => i.indicatorId)).toEqual(['g1.3', 'g4.1']);
    expect(list.items[1]).toMatchObject({ maxPoints: 6, standardId: 'gansu-civilized-community' });
    expect(list.facilities.map((f: { facility: string }) => f.facility)).toContain('library');
    expect(list.problemCategories.find((p: { category: string }) => p.category === 'stairwell_blocked')).toMatchObject({
      label: '楼道被占用',
      deducted: true,
    });
    await http.get(`/api/inspections/${inspectionId}/checklist`).set(as('王五')).expect(403);
  });

  it('takes a resend of the same record as done (nothing appended) and other content under its id as a 409', async () => {
    await http.post(`/api/inspections/${inspectionId}/start`).set(as('张敏')).expect(200);
    const again = await http.post(`/api/inspections/${inspectionId}/start`).set(as('张敏')).expect(200);
    expect(again.body.events).toEqual([]);
    problemId = randomUUID();
    const body = {
      problemId,
      communityCode: c[0],
      category: 'stairwell_blocked',
      description: '楼道堆放杂物',
      source: 'inspector',
      foundOn: '2025-06-01',
      inspectionId,
      evidence: [{ kind: 'photo', ref: 'IMG-0417.jpg' }],
    };
    expect((await http.post('/api/problems').set(as('张敏')).send(body).expect(201)).body.events).toEqual([
      'ProblemRecorded',
      'ProblemEvidenceAttached',
    ]);
    const head = await store.headPosition();
    expect((await http.post('/api/problems').set(as('张敏')).send(body).expect(201)).body.events).toEqual([]);
    const changed = await http
      .post('/api/problems')
      .set(as('张敏'))
      .send({ ...body, description: '另一问题' })
      .expect(409);
    expect(changed.body.message).toContain('different content');
    const score = { indicatorId: 'g4.1', points: 5, remark: '路面平整' };
    await http.post(`/api/inspections/${inspectionId}/items`).set(as('张敏')).send(score).expect(200);
    expect(
      (await http.post(`/api/inspections/${inspectionId}/items`).set(as('张敏')).send(score).expect(200)).body.events,
    ).toEqual([]);
    await http
      .post(`/api/inspections/${inspectionId}/items`)
      .set(as('张敏'))
      .send({ ...score, points: 4 })
      .expect(409);
    expect(await store.headPosition()).toBe(head + 1); // only the first score
  });

  it('gives each their work list with days left on the platform clock; the street verifies', async () => {
    const street = async () => (await http.get('/api/rectifications/work-list').set(as('street')).expect(200)).body;
    expect((await street()).toNotice.map((r: { problemId: string }) => r.problemId)).toEqual([problemId]);
    await http
      .post('/api/rectifications')
      .set(as('street'))
      .send({ problemId, deadline: '2025-06-04', requirements: '清理楼道' })
      .expect(201);
    const staff = (await http.get('/api/rectifications/work-list').set(as('staff')).expect(200)).body;
    expect(staff).toMatchObject({
      jurisdictionCode: c[0],
      today: '2025-06-01',
      toNotice: [],
      awaitingVerification: [],
    });
    expect(staff.toRectify).toEqual([
      expect.objectContaining({ problemId, deadline: '2025-06-04', daysLeft: 3, categoryLabel: '楼道被占用' }),
    ]);
    clock.set('2025-06-05T02:00:00Z');
    expect(
      (await http.get('/api/rectifications/work-list').set(as('staff')).expect(200)).body.toRectify[0].daysLeft,
    ).toBe(-1);
    await http
      .post(`/api/rectifications/${problemId}/submission`)
      .set(as('staff'))
      .send({ description: '已清理', evidence: [{ kind: 'photo', ref: 'IMG-0502.jpg' }] })
      .expect(200);
    expect((await street()).awaitingVerification.map((r: { problemId: string }) => r.problemId)).toEqual([problemId]);
    await http.post(`/api/rectifications/${problemId}/verification`).set(as('street')).expect(200);
    expect(await street()).toMatchObject({ toNotice: [], toRectify: [], awaitingVerification: [] });
    // Scope: a community's staff cannot read a neighbour's list; a city is not a work-list level.
    await http.get(`/api/rectifications/work-list?jurisdictionCode=${c[1]}`).set(as('staff')).expect(403);
    await http.get('/api/rectifications/work-list?jurisdictionCode=62010').set(as('office')).expect(400);
  });

  it('serves the field app at /m/ without a token, and only its own files', async () => {
    const page = await http.get('/m/').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('/m/app.js');
    expect((await http.get('/m/sw.js').expect(200)).headers['content-type']).toContain('javascript');
    expect((await http.get('/m/manifest.webmanifest').expect(200)).headers['content-type']).toContain('manifest+json');
    await http.get('/m/..%2Fsrc%2Ffield-app.controller.ts').expect(404);
    await http.get('/m/nothing.js').expect(404);
  });
});
