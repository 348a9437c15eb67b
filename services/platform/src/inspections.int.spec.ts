import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { RectificationOverdueScheduler } from '@chuangwen/inspections';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102), 兰州市: scored under the shipped 甘肃 standard. Deadlines and days are China time.
const DISTRICT = '620102';
const STREET = '620102001';

describe('inspections over HTTP: transitions, refusals, overdue scheduler, and the effect on scores', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let scheduler: RectificationOverdueScheduler;
  let c: string[];
  const tokens: Record<string, string> = {};
  const clock = new ManualClock(new Date('2025-06-01T02:00:00Z'));
  const as = (who: string) => ({ Authorization: tokens[who] });
  const head = () => store.headPosition();
  const card = async (code: string) =>
    (await http.get(`/api/scores/${code}`).set(as('office')).expect(200)).body.scorecard;
  const indicator = async (code: string, id: string) =>
    (await card(code)).indicators.find((i: { id: string }) => i.id === id);
  const street = async () => (await http.get(`/api/scores/${STREET}`).set(as('office')).expect(200)).body.figures;
  const counts = async (code: string) =>
    (await http.get(`/api/rectifications/counts/${code}`).set(as('office')).expect(200)).body;

  beforeAll(async () => {
    platform = await startPlatform({
      name: 'inspections',
      clock,
      region: DISTRICT,
      settings: { OVERDUE_SCAN_INTERVAL_MS: 0 },
    });
    ({ http, store } = platform);
    scheduler = platform.app.get(RectificationOverdueScheduler);
    c = await platform.children(STREET);
    const token = async (sub: string, jurisdiction: string, role: string) =>
      (tokens[sub] = await platform.bearer(jurisdiction, [role], sub));
    await token('office', DISTRICT, 'office');
    await token('inspector', DISTRICT, 'inspector');
    await token('street', STREET, 'street');
    await token('staff', c[1], 'community');
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('answers bad input with 400 and field errors, appending nothing', async () => {
    const before = await head();
    const survey = await http
      .post('/api/surveys')
      .set(as('inspector'))
      .send({ communityCode: c[0], topic: 'happiness', sampleSize: 10, positive: 11, conductedOn: '2025-02-30' })
      .expect(400);
    expect(survey.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'conductedOn',
      'positive',
      'topic',
    ]);
    const inspection = await http
      .post('/api/inspections')
      .set(as('inspector'))
      .send({ communityCode: '6201', kind: 'visit', plannedOn: '2025-06-01', inspectors: [] })
      .expect(400);
    expect(inspection.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'communityCode',
      'inspectors',
      'kind',
    ]);
    const problem = await http
      .post('/api/problems')
      .set(as('inspector'))
      .send({
        communityCode: c[0],
        category: 'noise',
        description: '',
        source: 'inspector',
        foundOn: '2025-06-01',
        evidence: [{ kind: 'gps_point', ref: 'here' }],
      })
      .expect(400);
    expect(problem.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'category',
      'description',
      'evidence.0.ref',
    ]);
    await http
      .post('/api/incidents')
      .set(as('office'))
      .send({ communityCode: c[0], kind: 'gossip', occurredOn: '2025-05-01', description: 'x' })
      .expect(400);
    expect(await head()).toBe(before);
  });

  it('refuses roles that may not act (403), and targets outside the caller’s jurisdiction', async () => {
    const before = await head();
    await http
      .post('/api/inspections')
      .set(as('staff'))
      .send({ communityCode: c[1], kind: 'field_inspection', plannedOn: '2025-06-01', inspectors: ['张三'] })
      .expect(403);
    await http
      .post('/api/surveys')
      .set(as('staff'))
      .send({ communityCode: c[1], topic: 'awareness', sampleSize: 100, positive: 90, conductedOn: '2025-05-30' })
      .expect(403);
    await http
      .post('/api/inspections')
      .set(as('inspector'))
      .send({ communityCode: '620103001001', kind: 'field_inspection', plannedOn: '2025-06-01', inspectors: ['张三'] })
      .expect(403);
    await http.post(`/api/rectifications/${randomUUID()}/verification`).set(as('inspector')).expect(403);
    await http
      .post(`/api/rectifications/${randomUUID()}/submission`)
      .set(as('office'))
      .send({ description: '已整改', evidence: [{ kind: 'photo', ref: 'p' }] })
      .expect(403);
    await http.post(`/api/incidents/${randomUUID()}/confirm`).set(as('street')).expect(403);
    expect(await head()).toBe(before);
  });

  it('scores an inspector-scored item into the community’s and street’s figures; refuses illegal transitions with 409', async () => {
    const before = { card: await card(c[0]), street: await street() };
    expect((await indicator(c[0], 'g4.1')).status).toBe('awaiting_data');
    const id = (
      await http
        .post('/api/inspections')
        .set(as('inspector'))
        .send({ communityCode: c[0], kind: 'field_inspection', plannedOn: '2025-06-01', inspectors: ['张三', '李四'] })
        .expect(201)
    ).body.id;
    const early = await http
      .post(`/api/inspections/${id}/items`)
      .set(as('inspector'))
      .send({ indicatorId: 'g4.1', points: 6 })
      .expect(409);
    expect(early.body.message).toMatch(/scheduled/);
    await http.post(`/api/inspections/${id}/start`).set(as('inspector')).expect(200);
    await http
      .post(`/api/inspections/${id}/items`)
      .set(as('inspector'))
      .send({ indicatorId: 'g4.1', points: 6, met: true })
      .expect(400);
    await http
      .post(`/api/inspections/${id}/items`)
      .set(as('inspector'))
      .send({ indicatorId: 'g2.2', points: 3 })
      .expect(422);
    const scored = await http
      .post(`/api/inspections/${id}/items`)
      .set(as('inspector'))
      .send({
        indicatorId: 'g4.1',
        met: true,
        remark: '道路硬化平整',
        evidence: [
          { kind: 'photo', ref: 'ph-1' },
          { kind: 'gps_point', ref: '36.061,103.834' },
        ],
      })
      .expect(200);
    expect(scored.body.events).toEqual(['InspectionItemScored']);
    await http.post(`/api/inspections/${id}/complete`).set(as('inspector')).send({ summary: '环境整洁' }).expect(200);

    const after = await head();
    const twice = await http
      .post(`/api/inspections/${id}/items`)
      .set(as('inspector'))
      .send({ indicatorId: 'g1.3', points: 4 })
      .expect(409);
    expect(twice.body.message).toMatch(/completed/);
    await http.post(`/api/inspections/${id}/complete`).set(as('inspector')).expect(409);
    expect(await head()).toBe(after);

    expect(await indicator(c[0], 'g4.1')).toMatchObject({ status: 'met', points: 6 });
    expect((await card(c[0])).total).toBeGreaterThan(before.card.total);
    expect((await street()).meanTotal).toBeGreaterThan(before.street.meanTotal);
    const view = (await http.get(`/api/inspections/${id}`).set(as('office')).expect(200)).body;
    expect(view).toMatchObject({ status: 'completed', items: [{ indicatorId: 'g4.1', points: 6 }] });
  });

  it('computes survey rates, flags a small sample, and scores the threshold rule', async () => {
    const small = await http
      .post('/api/surveys')
      .set(as('inspector'))
      .send({
        communityCode: c[0],
        topic: 'satisfaction_services',
        sampleSize: 12,
        positive: 12,
        conductedOn: '2025-05-20',
      })
      .expect(201);
    // The answer says what was computed: the rate and the small-sample flag.
    expect(small.body).toMatchObject({
      id: expect.any(String),
      events: ['SurveyRecorded'],
      rate: 1,
      smallSample: true,
    });
    expect((await indicator(c[0], 'g2.2')).status).toBe('awaiting_data'); // 12 answers: below the standard's minimum sample
    const large = await http
      .post('/api/surveys')
      .set(as('inspector'))
      .send({
        communityCode: c[0],
        topic: 'satisfaction_services',
        sampleSize: 160,
        positive: 152,
        conductedOn: '2025-05-30',
      })
      .expect(201);
    expect(large.body).toMatchObject({ rate: 0.95, smallSample: false });
    const list = (await http.get(`/api/surveys?jurisdictionCode=${c[0]}`).set(as('office')).expect(200)).body.items;
    expect(list.find((s: { surveyId: string }) => s.surveyId === small.body.id)).toMatchObject({
      rate: 1,
      smallSample: true,
    });
    expect(list.find((s: { sampleSize: number }) => s.sampleSize === 160)).toMatchObject({
      rate: 0.95,
      smallSample: false,
    });
    expect(await indicator(c[0], 'g2.2')).toMatchObject({ status: 'met', points: 5 });
  });

  it('deducts for an open problem, more once overdue (scheduler, controlled clock), and restores on verification', async () => {
    const code = c[1];
    expect((await indicator(code, 'g4.2')).points).toBe(8);
    const problemId = (
      await http
        .post('/api/problems')
        .set(as('inspector'))
        .send({
          communityCode: code,
          category: 'street_occupation',
          description: '沿街商户占道经营',
          source: 'inspector',
          foundOn: '2025-06-01',
          location: '东岗西路12号',
          evidence: [{ kind: 'photo', ref: 'ph-9' }],
        })
        .expect(201)
    ).body.id;
    expect((await indicator(code, 'g4.2')).points).toBe(7);
    expect(await counts(code)).toMatchObject({ open: 1, overdue: 0 });
    expect((await counts(STREET)).children).toContainEqual(expect.objectContaining({ code, open: 1 }));

    await http
      .post(`/api/rectifications/${problemId}/submission`)
      .set(as('staff'))
      .send({ description: '已整改', evidence: [{ kind: 'photo', ref: 'p' }] })
      .expect(409);
    await http
      .post('/api/rectifications')
      .set(as('street'))
      .send({ problemId, deadline: '2025-06-05', requirements: '清理占道物品', noticeNo: '城关整改〔2025〕12号' })
      .expect(201);
    await http
      .post('/api/rectifications')
      .set(as('street'))
      .send({ problemId, deadline: '2025-06-09', requirements: '再发一次' })
      .expect(409);
    const early = await http.post(`/api/rectifications/${problemId}/verification`).set(as('office')).expect(409);
    expect(early.body.message).toMatch(/awaits the community/);

    clock.set('2025-06-05T15:59:00Z'); // 23:59 on the deadline day in China: not yet overdue
    expect((await scheduler.scan()).marked).toEqual([]);
    clock.set('2025-06-05T16:00:00Z'); // 00:00 on the 6th
    expect((await scheduler.scan()).marked).toEqual([problemId]);
    expect((await scheduler.scan()).marked).toEqual([]);
    expect((await indicator(code, 'g4.2')).points).toBe(6);
    expect(await counts(STREET)).toMatchObject({ open: 1, overdue: 1 });
    expect(await counts(DISTRICT)).toMatchObject({ open: 1, overdue: 1 });

    await http
      .post(`/api/rectifications/${problemId}/submission`)
      .set(as('staff'))
      .send({ description: '已清理', evidence: [{ kind: 'photo', ref: 'ph-10' }] })
      .expect(200);
    await http
      .post(`/api/rectifications/${problemId}/rejection`)
      .set(as('office'))
      .send({ reason: '仍有摊位占道' })
      .expect(200);
    await http
      .post(`/api/rectifications/${problemId}/rejection`)
      .set(as('office'))
      .send({ reason: 'again' })
      .expect(409);
    await http
      .post(`/api/rectifications/${problemId}/submission`)
      .set(as('staff'))
      .send({ description: '摊位已全部清退', evidence: [{ kind: 'photo', ref: 'ph-11' }] })
      .expect(200);
    expect(await counts(code)).toMatchObject({ open: 1, overdue: 1, awaitingVerification: 1 });
    await http.post(`/api/rectifications/${problemId}/verification`).set(as('office')).expect(200);
    // A second verification is a resend (the field app's outbox): done, nothing appended.
    expect(
      (await http.post(`/api/rectifications/${problemId}/verification`).set(as('office')).expect(200)).body.events,
    ).toEqual([]);

    expect((await indicator(code, 'g4.2')).points).toBe(8);
    expect(await counts(STREET)).toMatchObject({ open: 0, overdue: 0, awaitingVerification: 0, verified: 1 });
    const view = (await http.get(`/api/rectifications/${problemId}`).set(as('office')).expect(200)).body;
    expect(view).toMatchObject({
      status: 'verified',
      overdue: true,
      location: '东岗西路12号',
      rejections: [{ reason: '仍有摊位占道' }],
    });
    expect(view.submissions).toHaveLength(2);
  });

  it('records a list of facilities in one request, all or none, naming a bad item by its index', async () => {
    const code = c[4];
    const id = (
      await http
        .post('/api/inspections')
        .set(as('inspector'))
        .send({ communityCode: code, kind: 'field_inspection', plannedOn: '2025-06-01', inspectors: ['张三'] })
        .expect(201)
    ).body.id;
    await http.post(`/api/inspections/${id}/start`).set(as('inspector')).expect(200);
    expect(await indicator(code, 'g5.2')).toMatchObject({ status: 'not_met', met: false, points: 0 });

    const before = await head();
    const bad = await http
      .post(`/api/inspections/${id}/facilities`)
      .set(as('inspector'))
      .send({
        facilities: [
          { facility: 'library', present: true },
          { facility: 'swimming_pool', present: true },
          { facility: 'culture_room', present: 'yes' },
        ],
      })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'facilities.1.facility',
      'facilities.2.present',
    ]);
    const twice = await http
      .post(`/api/inspections/${id}/facilities`)
      .set(as('inspector'))
      .send({
        facilities: [
          { facility: 'library', present: true },
          { facility: 'library', present: false },
        ],
      })
      .expect(400);
    expect(twice.body.errors[0].messages[0]).toBe('facilities.1.facility: library is already listed at facilities.0');
    await http.post(`/api/inspections/${id}/facilities`).set(as('inspector')).send({ facilities: [] }).expect(400);
    await http
      .post(`/api/inspections/${id}/facilities`)
      .set(as('inspector'))
      .send({ facility: 'library', present: true, facilities: [{ facility: 'library', present: true }] })
      .expect(400);
    expect(await head()).toBe(before);
    expect(await indicator(code, 'g5.2')).toMatchObject({ status: 'not_met', points: 0 });

    const listed = await http
      .post(`/api/inspections/${id}/facilities`)
      .set(as('inspector'))
      .send({
        facilities: [
          { facility: 'library', present: true },
          { facility: 'culture_room', present: true },
          { facility: 'police_room', present: false },
        ],
      })
      .expect(200);
    expect(listed.body).toMatchObject({ id, events: ['FacilityRecorded', 'FacilityRecorded', 'FacilityRecorded'] });
    expect(await indicator(code, 'g5.2')).toMatchObject({ status: 'met', met: true, points: 4 });
    // One at a time, as before.
    await http
      .post(`/api/inspections/${id}/facilities`)
      .set(as('inspector'))
      .send({ facility: 'health_station', present: true })
      .expect(200);
    const view = (await http.get(`/api/inspections/${id}`).set(as('office')).expect(200)).body;
    expect(view.facilities.map((f: { facility: string; present: boolean }) => `${f.facility}:${f.present}`)).toEqual([
      'library:true',
      'culture_room:true',
      'police_room:false',
      'health_station:true',
    ]);
  });

  it('vetoes a community on a confirmed incident, not on a dismissed one', async () => {
    const report = (code: string) =>
      http
        .post('/api/incidents')
        .set(as('street'))
        .send({
          communityCode: code,
          kind: 'major_criminal_case',
          occurredOn: '2025-05-20',
          description: '重大刑事案件',
        })
        .expect(201);
    const confirmed = (await report(c[2])).body.id;
    const dismissed = (await report(c[3])).body.id;
    expect((await card(c[2])).veto).toMatchObject({
      vetoed: false,
      pending: [expect.objectContaining({ kind: 'major_criminal_case' })],
    });
    await http.post(`/api/incidents/${confirmed}/confirm`).set(as('office')).expect(200);
    await http.post(`/api/incidents/${confirmed}/confirm`).set(as('office')).expect(409);
    await http
      .post(`/api/incidents/${dismissed}/dismiss`)
      .set(as('office'))
      .send({ reason: '经核查不属实' })
      .expect(200);
    await http.post(`/api/incidents/${dismissed}/confirm`).set(as('office')).expect(409);

    const vetoed = await card(c[2]);
    expect(vetoed.veto).toMatchObject({ vetoed: true, until: '2027-05-20' });
    // Named in the standard's words, with its cause: the office need not look v2 up.
    expect(vetoed.veto.incidents).toEqual([
      expect.objectContaining({
        vetoId: 'v2',
        title: '有重大安全责任事故和重大刑事案件',
        cause: `2025-05-20 发生重大刑事案件 (major criminal case, ${confirmed})`,
        kind: 'major_criminal_case',
      }),
    ]);
    expect(vetoed.passed).toBe(false);
    expect((await card(c[3])).veto.vetoed).toBe(false);
    expect((await street()).vetoed).toBe(1);
  });

  it('scores dispute mediation from a register of 10 disputes under version 2 of the standard (no minimum sample)', async () => {
    clock.set('2026-12-05T02:00:00Z');
    const code = c[3]; // its incident was dismissed: nothing vetoes it
    const before = await card(code);
    expect(before.standard).toMatchObject({ id: 'gansu-civilized-community', version: 2 });
    expect(before.indicators.find((i: { id: string }) => i.id === 'g3.5')).toMatchObject({
      status: 'awaiting_data',
      points: 0,
    });
    const recorded = await http
      .post('/api/surveys')
      .set(as('inspector'))
      .send({ communityCode: code, topic: 'mediation_success', sampleSize: 10, positive: 9, conductedOn: '2026-12-04' })
      .expect(201);
    expect(recorded.body).toMatchObject({ rate: 0.9, smallSample: true });
    const after = await card(code);
    expect(after.indicators.find((i: { id: string }) => i.id === 'g3.5')).toMatchObject({
      status: 'met',
      met: true,
      points: 3,
    });
    expect(after.total).toBeCloseTo(before.total + 3, 6);
  });
});
