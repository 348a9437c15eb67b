import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { DomainEvent } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import type { ProjectionHost } from '@chuangwen/projections';
import { factEvents, toAppend } from '@chuangwen/scoring/testing';
import { strongCommunity } from '../../../libs/scoring-engine/src/spec/communities';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102), 兰州市: communities scored under the shipped 甘肃 standard.
const DISTRICT = '620102';
const STREET = '620102001';

describe('awards over HTTP: eligibility from real scores, the procedure, objections, removal after a veto, coverage', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let host: ProjectionHost;
  let store: EventStore;
  let communities: string[];
  let office: string;
  let staff: string;
  let programId: string;
  let nominationId: string;
  const clock = new ManualClock(new Date('2025-06-01T02:00:00Z'));
  const as = (bearer: string) => ({ Authorization: bearer });
  const program = {
    kind: 'civilized_community',
    level: 'county',
    title: '2025年度城关区文明社区',
    authority: DISTRICT,
    cycle: { from: '2025-01-01', to: '2025-12-31' },
    quota: 3,
    eligibility: { noVeto: true },
  };

  /** Stands in for the inspections service: its fact events, appended as it appends them. */
  const record = async (code: string, events: DomainEvent[]) => {
    for (const e of events) await store.append(`facts-${code}`, [toAppend(e, code)], { expectedRevision: 'any' });
    await host.waitForCatchUp();
  };
  const step = (path: string, body: object = {}, status = 200) =>
    http.post(`/api/awards/nominations/${nominationId}/${path}`).set(as(office)).send(body).expect(status);

  beforeAll(async () => {
    platform = await startPlatform({ name: 'awards', clock, region: DISTRICT });
    ({ http, host, store } = platform);
    communities = await platform.children(STREET);
    office = await platform.bearer(DISTRICT, ['office'], 'chengguan-office');
    staff = await platform.bearer(communities[0], ['community'], 'staff');
    await record(communities[0], factEvents(communities[0], strongCommunity()));
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('starts with no title coverage over the registered communities', async () => {
    const c = (await http.get(`/api/awards/coverage/${STREET}`).set(as(office)).expect(200)).body;
    expect(c).toMatchObject({ communities: communities.length, titled: 0, coverage: 0, minLevel: 'county' });
  });

  it('defines a program (validated, offices only)', async () => {
    const bad = await http
      .post('/api/awards/programs')
      .set(as(office))
      .send({ ...program, quota: 0, noticeDays: 90 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['noticeDays', 'quota']);
    await http.post('/api/awards/programs').set(as(staff)).send(program).expect(403);
    programId = (await http.post('/api/awards/programs').set(as(office)).send(program).expect(201)).body.id;
    expect((await http.get(`/api/awards/programs/${programId}`).set(as(office)).expect(200)).body).toMatchObject({
      noticeDays: 7,
      validityYears: 2,
    });
  });

  it('reads eligibility from the real scores: a weak community is refused, a strong one applies', async () => {
    const weak = await http
      .post(`/api/awards/programs/${programId}/nominations`)
      .set(as(office))
      .send({ route: 'nomination', nomineeType: 'community', communityCode: communities[1], name: '弱社区' })
      .expect(422);
    expect(weak.body.message).toMatch(/not eligible: total .* is below/);
    const score = (await http.get(`/api/scores/${communities[0]}`).set(as(office)).expect(200)).body.scorecard;
    expect(score.passed).toBe(true);
    const res = await http
      .post(`/api/awards/programs/${programId}/nominations`)
      .set(as(staff))
      .send({ route: 'application', nomineeType: 'community', communityCode: communities[0], name: '强社区' })
      .expect(201);
    nominationId = res.body.id;
    const n = (await http.get(`/api/awards/nominations/${nominationId}`).set(as(office)).expect(200)).body;
    expect(n.eligibility).toMatchObject({
      standardId: 'gansu-civilized-community',
      vetoed: false,
      minTotal: score.passMark,
    });
    expect(n.eligibility.total).toBeCloseTo(score.total, 1);
  });

  it('runs each step in order, refusing steps out of order with 409', async () => {
    await step('confer', {}, 409);
    await step('shortlist', {}, 409);
    await step('report-hearing', { ratings: { good: 4, fairly_good: 1, average: 0 } }, 409);
    await step('materials-review', { passed: true, remark: '材料齐全' });
    await step('materials-review', { passed: true, remark: '再审' }, 409);
    await step('report-hearing', { ratings: { good: 4, fairly_good: 1, average: 0 } });
    await step('report-hearing', { ratings: { good: 'x' } }, 400);
    await step('field-inspection', { passed: true, remark: '实地考察良好' });
    await step('shortlist');
    const notice = (await step('public-notice')).body;
    expect(notice.events).toEqual(['PublicNoticeStarted']);
    const n = (await http.get(`/api/awards/nominations/${nominationId}`).set(as(office)).expect(200)).body;
    expect(n.notice).toEqual({ startsOn: '2025-06-01', endsOn: '2025-06-07', days: 7 });
    expect(n.steps.map((s: { step: string }) => s.step)).toEqual([
      'application',
      'materials_review',
      'report_hearing',
      'field_inspection',
      'shortlist',
      'public_notice',
    ]);
  });

  it('blocks conferral during the notice and while an objection is open', async () => {
    await step('confer', {}, 409);
    const objection = (
      await http
        .post(`/api/awards/nominations/${nominationId}/objections`)
        .set(as(staff))
        .send({ summary: '反映材料不实' })
        .expect(201)
    ).body.objectionId;
    clock.set('2025-06-09T02:00:00Z');
    await http
      .post(`/api/awards/nominations/${nominationId}/objections`)
      .set(as(staff))
      .send({ summary: '迟到的异议' })
      .expect(409);
    const blocked = await step('confer', {}, 409);
    expect(blocked.body.message).toMatch(/not resolved/);
    await step(`objections/${objection}/resolve`, { upheld: false, resolution: '经核实不成立' });
    const conferred = (await step('confer')).body;
    expect(conferred.events).toEqual(['TitleConferred']);
    const titles = (await http.get(`/api/awards/titles/${STREET}`).set(as(office)).expect(200)).body;
    expect(titles).toEqual([
      expect.objectContaining({
        titleId: nominationId,
        communityCode: communities[0],
        level: 'county',
        status: 'held',
        conferredOn: '2025-06-09',
        validUntil: '2027-06-09',
      }),
    ]);
  });

  it('counts the title in the coverage of the street, district and city, by level', async () => {
    for (const code of [STREET, DISTRICT, '620100']) {
      const c = (await http.get(`/api/awards/coverage/${code}`).set(as(office)).expect(200)).body;
      expect(c.titled).toBe(1);
      expect(c.coverage).toBeCloseTo(1 / c.communities, 4);
    }
    expect((await http.get(`/api/awards/coverage/${STREET}?level=city`).set(as(office)).expect(200)).body.titled).toBe(
      0,
    );
    await http.get(`/api/awards/coverage/${STREET}?level=galaxy`).set(as(office)).expect(400);
  });

  it('removes the title automatically after a confirmed veto incident, with the reason', async () => {
    const code = communities[0];
    clock.set('2025-06-21T02:00:00Z');
    await record(code, [
      {
        type: 'IncidentReported',
        version: 1,
        data: {
          incidentId: 'i-1',
          communityCode: code,
          kind: 'major_criminal_case',
          occurredOn: '2025-06-20',
          description: '重大刑事案件',
        },
      },
      {
        type: 'IncidentConfirmed',
        version: 1,
        data: { incidentId: 'i-1', communityCode: code, kind: 'major_criminal_case', occurredOn: '2025-06-20' },
      },
    ]);
    await host.waitForCatchUp();
    expect((await http.get(`/api/awards/titles/${STREET}`).set(as(office)).expect(200)).body).toEqual([]);
    const all = (await http.get(`/api/awards/titles/${STREET}?removed=true`).set(as(office)).expect(200)).body;
    expect(all[0]).toMatchObject({ status: 'removed', removal: { reason: 'veto_incident', incidentId: 'i-1' } });
    expect((await http.get(`/api/awards/coverage/${STREET}`).set(as(office)).expect(200)).body).toMatchObject({
      titled: 0,
      coverage: 0,
    });
    // The veto also makes a fresh application ineligible.
    await http
      .post(`/api/awards/programs/${programId}/nominations`)
      .set(as(staff))
      .send({ route: 'application', nomineeType: 'community', communityCode: code, name: '强社区' })
      .expect(422);
  });
});
