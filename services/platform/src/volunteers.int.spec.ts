import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { checkCharacter } from '@chuangwen/volunteers';
import { captureOutput, CapturedOutput } from './testing/output';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102), 兰州市: scored under the shipped 甘肃 standard, whose g2.4 wants volunteers ≥ 10% of residents.
const DISTRICT = '620102';
const STREET = '620102001';
const CLEAR_IDS = ['62010219850312' + '201', '11010519491231' + '002'].map((p) => p + checkCharacter(p));

describe('volunteers over HTTP: register, records, stars, figures, scoring, and no clear identity number anywhere', () => {
  let platform: TestPlatform;
  let dir: string;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let communities: string[];
  let office: string;
  let staff: string;
  const responses: string[] = [];
  let output: CapturedOutput;
  const clock = new ManualClock(new Date('2025-05-20T02:00:00Z'));
  const as = (bearer: string) => ({ Authorization: bearer });
  const keep = <T extends { text: string }>(res: T) => (responses.push(res.text), res);

  beforeAll(async () => {
    // Everything the platform logs, at the most verbose level: no clear identity number may be in it.
    output = captureOutput();
    platform = await startPlatform({ name: 'volunteers', clock, region: DISTRICT, settings: { LOG_LEVEL: 'debug' } });
    ({ http, store, dir } = platform);
    communities = await platform.children(STREET);
    office = await platform.bearer('620100', ['office'], 'lanzhou-office');
    staff = await platform.bearer(communities[0], ['community'], 'staff');
  }, 60_000);
  afterAll(async () => {
    output?.restore();
    await platform?.close();
  });

  const register = (idNumber: string, name = '张三', code = communities[0]) =>
    http
      .post('/api/volunteers')
      .set(as(staff))
      .send({ communityCode: code, name, idNumber, phone: '13800000000', skills: ['理发'] })
      .then(keep);

  it('registers a volunteer with a masked identity number; the same person again is a 409; a bad number a 400', async () => {
    const res = await register(CLEAR_IDS[0]).then((r) => r);
    expect(res.status).toBe(201);
    expect(res.body.events).toEqual(['VolunteerRegistered']);
    const one = keep(await http.get(`/api/volunteers/${res.body.id}`).set(as(staff)).expect(200));
    expect(one.body).toMatchObject({
      name: '张三',
      idMasked: `${CLEAR_IDS[0].slice(0, 4)}**********${CLEAR_IDS[0].slice(-4)}`,
      status: 'registered',
    });
    expect(one.body.idHash).toBeUndefined();
    expect((await register(CLEAR_IDS[0].toLowerCase(), '张三')).status).toBe(409);
    const bad = await register(CLEAR_IDS[1].slice(0, 17) + (CLEAR_IDS[1][17] === '1' ? '2' : '1'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'idNumber', messages: [expect.stringContaining('check digit')] }]);
    // Another community may register the same person.
    const other = await platform.bearer(STREET, ['street'], 's2');
    const elsewhere = await http
      .post('/api/volunteers')
      .set(as(other))
      .send({ communityCode: communities[1], name: '张三', idNumber: CLEAR_IDS[0], phone: '13800000000' })
      .then(keep);
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.id).not.toBe(res.body.id);
  });

  it('records and confirms service, refuses impossible records, and reaches a star', async () => {
    const v = (await register(CLEAR_IDS[1], '李四')).body.id as string;
    clock.set('2025-06-10T02:00:00Z');
    const days = ['2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05'];
    for (const date of days) {
      const rec = keep(
        await http
          .post(`/api/volunteers/${v}/records`)
          .set(as(staff))
          .send({ date, hours: 20, kind: 'companionship', description: '陪伴空巢老人' })
          .expect(201),
      );
      const ok = keep(
        await http
          .post(`/api/volunteers/${v}/records/${rec.body.id}/confirm`)
          .set(as(staff))
          .send({ confirmedBy: 'community' })
          .expect(200),
      );
      expect(ok.body.events).toEqual(
        date === '2025-06-05' ? ['ServiceRecordConfirmed', 'VolunteerStarReached'] : ['ServiceRecordConfirmed'],
      );
    }
    await http
      .post(`/api/volunteers/${v}/records`)
      .set(as(staff))
      .send({ date: '2025-06-05', hours: 5, kind: 'companionship', description: 'x' })
      .expect(422);
    await http
      .post(`/api/volunteers/${v}/records`)
      .set(as(staff))
      .send({ date: '2025-06-11', hours: 1, kind: 'companionship', description: 'x' })
      .expect(422);
    await http
      .post(`/api/volunteers/${v}/records`)
      .set(as(staff))
      .send({ date: '2025-06-06', hours: 25, kind: 'companionship', description: 'x' })
      .expect(400);
    const view = keep(await http.get(`/api/volunteers/${v}`).set(as(staff)).expect(200)).body;
    expect(view).toMatchObject({ cumulativeHours: 100, star: 1 });
    const cert = keep(await http.get(`/api/volunteers/${v}/certificate`).set(as(staff)).expect(200)).body;
    expect(cert).toMatchObject({ totalHours: 100, period: { from: '2025-06-01', to: '2025-06-05' } });
    expect(cert.services).toHaveLength(5);
  });

  it('sets residents through the profile, and serves figures per community and rolled up for a period', async () => {
    await http
      .put(`/api/jurisdictions/${communities[0]}/profile`)
      .set(as(staff))
      .send({ quantities: { residents: 20 } })
      .expect(403);
    await http
      .put(`/api/jurisdictions/${communities[0]}/profile`)
      .set(as(office))
      .send({ quantities: { residents: -1 } })
      .expect(400);
    await http
      .put(`/api/jurisdictions/${communities[0]}/profile`)
      .set(as(office))
      .send({ quantities: { volunteers_registered: 9 } })
      .expect(400);
    await http
      .put(`/api/jurisdictions/${STREET}/profile`)
      .set(as(office))
      .send({ quantities: { residents: 20 } })
      .expect(422);
    await http
      .put(`/api/jurisdictions/${communities[0]}/profile`)
      .set(as(office))
      .send({ quantities: { residents: 20 }, attributes: { estate: 'old' } })
      .expect(200);
    const community = keep(
      await http
        .get(`/api/volunteers/figures/${communities[0]}?from=2025-06-01&to=2025-06-30`)
        .set(as(office))
        .expect(200),
    ).body;
    expect(community).toMatchObject({
      registered: 2,
      residents: 20,
      registrationRate: 0.1,
      activeVolunteers: 1,
      hours: 100,
    });
    const early = (
      await http
        .get(`/api/volunteers/figures/${communities[0]}?from=2025-06-01&to=2025-06-02`)
        .set(as(office))
        .expect(200)
    ).body;
    expect(early).toMatchObject({ activeVolunteers: 1, hours: 40 });
    const street = keep(
      await http.get(`/api/volunteers/figures/${STREET}?from=2025-01-01&to=2025-12-31`).set(as(office)).expect(200),
    ).body;
    expect(street).toMatchObject({ level: 'street', registered: 3, residents: 20, activeVolunteers: 1, hours: 100 });
    const district = (await http.get(`/api/volunteers/figures/${DISTRICT}`).set(as(office)).expect(200)).body;
    expect(district).toMatchObject({ level: 'district', registered: 3, totalHours: 100 });
    await http.get(`/api/volunteers/figures/${DISTRICT}`).set(as(staff)).expect(403);
  });

  it('moves the scoring ratio rule: registered volunteers over residents', async () => {
    const explained = keep(
      await http.get(`/api/scores/${communities[0]}/explain?indicator=g2.4`).set(as(office)).expect(200),
    ).body;
    expect(explained.indicator.status).toBe('met');
    expect(explained.events.map((e: { type: string }) => e.type).sort()).toEqual([
      'CommunityProfileUpdated',
      'VolunteerRegistered',
      'VolunteerRegistered',
    ]);
    const list = keep(
      await http.get(`/api/volunteers?communityCode=${communities[0]}`).set(as(staff)).expect(200),
    ).body;
    await http
      .post(`/api/volunteers/${list.items[0].volunteerId}/deregister`)
      .set(as(staff))
      .send({ reason: '搬离' })
      .expect(200);
    const after = (await http.get(`/api/scores/${communities[0]}/explain?indicator=g2.4`).set(as(office)).expect(200))
      .body;
    expect(after.indicator.status).not.toBe('met');
    expect(
      (await http.get(`/api/volunteers/figures/${communities[0]}`).set(as(office)).expect(200)).body.registered,
    ).toBe(1);
  });

  it('finds the clear identity numbers nowhere: events, read models, responses, logs', async () => {
    const events = JSON.stringify(await store.readAll());
    // Every file under the data directory, the evidence store's folders included.
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => readFileSync(join(f.parentPath, f.name)).toString('latin1'));
    for (const id of CLEAR_IDS) {
      for (const text of [events, ...files, ...responses, output.text()]) {
        expect(text.includes(id)).toBe(false);
        expect(text.toLowerCase().includes(id.toLowerCase())).toBe(false);
      }
    }
    expect(events).toContain('VolunteerRegistered');
    expect(responses.length).toBeGreaterThan(10);
  });
});
