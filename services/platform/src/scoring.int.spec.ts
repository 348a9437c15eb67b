import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { DomainEvent } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import type { ProjectionHost } from '@chuangwen/projections';
import { factEvents, toAppend } from '@chuangwen/scoring/testing';
import { loadShippedStandards } from '@chuangwen/scoring-engine';
import { strongCommunity } from '../../../libs/scoring-engine/src/spec/communities';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102), 兰州市, 甘肃省: scored under the shipped 甘肃 standard (issued by 620000).
const DISTRICT = '620102';
const STREET = '620102001';
const GANSU = 'gansu-civilized-community';

describe('scores over HTTP: scorecards, roll-ups, rankings, explain, as-of, live stream, standards', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let host: ProjectionHost;
  let store: EventStore;
  let communities: string[];
  let office: string;
  const clock = new ManualClock(new Date('2025-03-01T02:00:00Z'));
  const auth = () => ({ Authorization: `Bearer ${office}` });

  /** Stands in for the inspections service (a later issue): its events, appended as it will append them. */
  const record = async (code: string, events: DomainEvent[]) => {
    for (const e of events) await store.append(`facts-${code}`, [toAppend(e, code)], { expectedRevision: 'any' });
    await host.waitForCatchUp();
  };

  beforeAll(async () => {
    platform = await startPlatform({ name: 'scores', clock, region: DISTRICT });
    ({ http, host, store } = platform);
    communities = (await http.get(`/api/jurisdictions/${STREET}`)).body.children.map((c: { code: string }) => c.code);
    office = (
      await http.post('/api/auth/dev-token').send({ sub: 'lanzhou-office', jurisdiction: '620100', roles: ['office'] })
    ).body.token;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('lists the shipped standards, published at start', async () => {
    const res = await http.get('/api/standards').set(auth()).expect(200);
    // Version 2 of each corrects version 1 (register-based rates), from 2026-12-02; version 1 stays published.
    expect(res.body.map((s: { id: string; version: number }) => `${s.id}@${s.version}`).sort()).toEqual([
      'gansu-civilized-community@1',
      'gansu-civilized-community@2',
      'yizhou-community@1',
      'yizhou-community@2',
    ]);
    const one = await http.get(`/api/standards/${GANSU}`).set(auth()).expect(200);
    expect(one.body.issuingAuthority).toBe('620000');
  });

  it('serves a community scorecard under the nearest authority’s standard, with gaps and veto', async () => {
    const res = await http.get(`/api/scores/${communities[0]}`).set(auth()).expect(200);
    expect(res.body.standard.id).toBe(GANSU);
    expect(res.body.scorecard.indicators.length).toBeGreaterThan(10);
    expect(res.body.scorecard.veto.vetoed).toBe(false);
    expect(res.body.scorecard.gaps.length).toBeGreaterThan(0);
  });

  it('names every gap by its indicator’s title in the standard’s words, on a roll-up, its children and a ranking (issue 22, defect 9)', async () => {
    const titles = new Map(
      loadShippedStandards()
        .filter((s) => s.id === GANSU)
        .flatMap((s) => s.categories.flatMap((c) => c.indicators.map((i) => [i.id, i.title]))),
    );
    const expectTitled = (gaps: { indicator: string; title?: string }[]) => {
      expect(gaps.length).toBeGreaterThan(0);
      for (const g of gaps) expect(g.title).toBe(titles.get(g.indicator));
    };
    const street = (await http.get(`/api/scores/${STREET}`).set(auth()).expect(200)).body;
    expectTitled(street.figures.gaps);
    const district = (await http.get(`/api/scores/${DISTRICT}`).set(auth()).expect(200)).body;
    expectTitled(district.children[0].gaps);
    const ranking = (await http.get(`/api/rankings/${DISTRICT}?level=street`).set(auth()).expect(200)).body;
    expectTitled(ranking.items[0].gaps);
  });

  it('moves a community, its street and district when events arrive; explains an indicator by its events; keeps as-of figures', async () => {
    const code = communities[0];
    const before = (await http.get(`/api/scores/${code}`).set(auth()).expect(200)).body.scorecard.total;
    const streetBefore = (await http.get(`/api/scores/${STREET}`).set(auth()).expect(200)).body.figures;

    clock.set('2025-06-30T02:00:00Z');
    await record(code, factEvents(code, strongCommunity()));
    const after = (await http.get(`/api/scores/${code}`).set(auth()).expect(200)).body;
    expect(after.scorecard.total).toBeGreaterThan(before);
    expect(after.scorecard.passed).toBe(true);
    const street = (await http.get(`/api/scores/${STREET}`).set(auth()).expect(200)).body;
    expect(street.figures.meanTotal).toBeGreaterThan(streetBefore.meanTotal);
    expect(street.figures.passed).toBe(streetBefore.passed + 1);
    expect(street.children[0]).toMatchObject({ rank: 1, code, passed: 1 });
    const district = (await http.get(`/api/scores/${DISTRICT}`).set(auth()).expect(200)).body;
    expect(district.children[0]).toMatchObject({ rank: 1, code: STREET });

    const awareness = loadShippedStandards()
      .find((s) => s.id === GANSU)!
      .categories.flatMap((c) => c.indicators)
      .find((i) => i.rule.kind === 'survey_rate_threshold')!;
    const explained = (await http.get(`/api/scores/${code}/explain?indicator=${awareness.id}`).set(auth()).expect(200))
      .body;
    expect(explained.indicator.status).toBe('met');
    expect(explained.events.map((e: { type: string }) => e.type)).toEqual(['SurveyRecorded']);

    // What the platform showed on 31 March: nothing of these had been recorded yet.
    const shownThen = (
      await http.get(`/api/scores/${code}?knownAt=2025-03-31T23:59:59%2B08:00`).set(auth()).expect(200)
    ).body;
    expect(shownThen.scorecard.total).toBeCloseTo(before, 6);
    // As of 31 March from what is known now: the facts that had occurred by then (surveys, facilities…), recorded later.
    const asOfThen = (await http.get(`/api/scores/${code}?asOf=2025-03-31`).set(auth()).expect(200)).body;
    expect(asOfThen.scorecard.total).toBeGreaterThan(before);
    expect(asOfThen.scorecard.total).toBeLessThan(after.scorecard.total); // June's activities had not been held
    expect(asOfThen.revisedAfterTheFact.changed).toEqual(
      expect.arrayContaining([{ figure: 'total', then: before, now: asOfThen.scorecard.total }]),
    );
    const districtAsOf = (await http.get(`/api/scores/${DISTRICT}?asOf=2025-03-31`).set(auth()).expect(200)).body;
    expect(districtAsOf.figures.passed).toBe(0);
  });

  it('ranks a district’s communities and the street’s communities', async () => {
    const res = await http.get(`/api/rankings/${DISTRICT}?level=community&limit=5`).set(auth()).expect(200);
    expect(res.body.items[0]).toMatchObject({ rank: 1, code: communities[0], passed: true });
    expect(res.body.items[0].name).toBeTruthy();
    const streets = await http.get(`/api/rankings/${DISTRICT}`).set(auth()).expect(200);
    expect(streets.body.level).toBe('street');
    await http.get(`/api/rankings/${DISTRICT}?level=city`).set(auth()).expect(422);
  });

  it('vetoes on a confirmed incident, live on the server-sent events stream', async () => {
    const code = communities[1];
    const server = platform.app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, r));
    const port = server.address().port;
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/stream/scores?code=${STREET}&access_token=${office}`, {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const received: string[] = [];
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received.push(new TextDecoder().decode(value));
        if (received.join('').includes(code)) break;
      }
    })();
    await record(code, [
      {
        type: 'IncidentReported',
        version: 1,
        data: {
          incidentId: 'i-9',
          communityCode: code,
          kind: 'major_safety_accident',
          occurredOn: '2025-06-01',
          description: '重大安全事故',
        },
      },
      {
        type: 'IncidentConfirmed',
        version: 1,
        data: { incidentId: 'i-9', communityCode: code, kind: 'major_safety_accident', occurredOn: '2025-06-01' },
      },
    ]);
    await Promise.race([reading, new Promise((r) => setTimeout(r, 5000))]);
    controller.abort();
    expect(received.join('')).toContain(code);
    const card = (await http.get(`/api/scores/${code}`).set(auth()).expect(200)).body.scorecard;
    expect(card.veto.vetoed).toBe(true);
    expect(card.passed).toBe(false);
    expect((await http.get(`/api/scores/${STREET}`).set(auth()).expect(200)).body.figures.vetoed).toBe(1);
  });

  it('publishes a new standard version, refuses an invalid one with paths, and never republishes', async () => {
    const gansu = loadShippedStandards().find((s) => s.id === GANSU)!;
    const province = (
      await http.post('/api/auth/dev-token').send({ sub: 'gansu', jurisdiction: '620000', roles: ['office'] })
    ).body.token;
    const bad = await http
      .post('/api/standards')
      .set({ Authorization: `Bearer ${province}` })
      .send({ ...gansu, version: 2, passMark: 300 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('passMark');
    // A city office may not publish its province's standard.
    await http
      .post('/api/standards')
      .set(auth())
      .send({ ...gansu, version: 2, effectiveFrom: '2025-07-01' })
      .expect(403);
    await http
      .post('/api/standards')
      .set({ Authorization: `Bearer ${province}` })
      .send(gansu)
      .expect(409);
    // Version 2 ships (from 2026-12-02): the next one must be higher and later.
    await http
      .post('/api/standards')
      .set({ Authorization: `Bearer ${province}` })
      .send({ ...gansu, version: 2, effectiveFrom: '2027-01-01' })
      .expect(409);
    const ok = await http
      .post('/api/standards')
      .set({ Authorization: `Bearer ${province}` })
      .send({ ...gansu, version: 3, effectiveFrom: '2027-01-01', passMark: 80 })
      .expect(201);
    expect(ok.body).toMatchObject({ id: GANSU, standardId: GANSU, version: 3 }); // `id` as on every create answer; standardId kept
    clock.set('2027-01-02T02:00:00Z');
    const card = (await http.get(`/api/scores/${communities[2]}`).set(auth()).expect(200)).body;
    expect(card.standard).toMatchObject({ id: GANSU, version: 3 });
  });

  it('honours ?standard= on scorecards, roll-ups and explain, and refuses a standard not in force there', async () => {
    const code = communities[2];
    const chosen = (await http.get(`/api/scores/${code}?standard=${GANSU}`).set(auth()).expect(200)).body;
    expect(chosen.standard.id).toBe(GANSU);
    // 沂州's standard is not in force in 城关区: refused, never answered with 甘肃's figures.
    for (const path of [
      `/api/scores/${code}`,
      `/api/scores/${STREET}`,
      `/api/scores/${code}/explain?indicator=g4.4`,
      `/api/rankings/${STREET}`,
    ]) {
      const res = await http
        .get(`${path}${path.includes('?') ? '&' : '?'}standard=yizhou-community`)
        .set(auth())
        .expect(422);
      expect(res.body.message).toContain('yizhou-community');
    }
  });

  const get = async (code: string, query: string) =>
    (await http.get(`/api/scores/${code}${query}`).set(auth()).expect(200)).body;
  const g44 = (body: { scorecard: { indicators: { id: string; points: number }[] } }) =>
    body.scorecard.indicators.find((i) => i.id === 'g4.4')!.points;

  it('gives every block of an as-of answer as of that day: the activity counts agree with the scorecard', async () => {
    const code = communities[3];
    const held = (heldAt: string) =>
      ({
        type: 'ActivityHeld',
        version: 1,
        data: {
          activityId: `a-${heldAt}`,
          communityCode: code,
          kind: 'environment_cleanup',
          title: '环境整治',
          organiser: '社区居委会',
          scale: 'ordinary',
          heldAt,
          participants: 20,
        },
      }) as DomainEvent;
    // Held on 5 July, recorded on 10 July; one held in 2024 (outside g4.4's calendar year).
    clock.set('2025-07-10T02:00:00Z');
    await record(code, [held('2025-07-05T02:00:00Z'), held('2024-06-10T02:00:00Z')]);
    // As of 4 July nothing of 2025 had been held.
    const before = await get(code, '?asOf=2025-07-04');
    expect(before.activities).toMatchObject({ year: 2025, held: 0, participants: 0 });
    expect(g44(before)).toBe(0);
    expect((await get(code, '')).activities).toMatchObject({ year: 2025, held: 1, participants: 20 });
  });

  it('answers as of a day and as known at an instant; a late record shows as revised', async () => {
    const code = communities[3];
    // As of 5 July (everything known now): held, counted, and flagged as recorded after the fact.
    const asOf = await get(code, '?asOf=2025-07-05');
    expect(asOf.activities).toMatchObject({ year: 2025, held: 1 });
    expect(g44(asOf)).toBe(1);
    // Both were recorded after 5 July (the 2024 one too, though it changes no figure of 2025).
    expect(asOf.revisedAfterTheFact.lateRecords).toEqual([
      expect.objectContaining({
        type: 'ActivityHeld',
        occurredOn: '2025-07-05',
        recordedAt: '2025-07-10T02:00:00.000Z',
      }),
      expect.objectContaining({ type: 'ActivityHeld', occurredOn: '2024-06-10' }),
    ]);
    expect(asOf.revisedAfterTheFact.changed).toEqual(
      expect.arrayContaining([{ figure: 'g4.4.points', then: 0, now: 1 }]),
    );
    // What the platform showed at the end of 5 July, and once it was recorded.
    const shown = await get(code, '?knownAt=2025-07-05T23:59:59%2B08:00');
    expect(shown.day).toBe('2025-07-05');
    expect(shown.activities).toMatchObject({ held: 0 });
    expect(g44(shown)).toBe(0);
    expect(g44(await get(code, '?knownAt=2025-07-10T10:00:01%2B08:00'))).toBe(1);
    expect(g44(await get(code, '?knownAt=2025-07-10T09:59:59%2B08:00'))).toBe(0);
    // The street's roll-up as of a day has its children, ranked, and says which community was revised.
    const street = (await http.get(`/api/scores/${STREET}?asOf=2025-07-05`).set(auth()).expect(200)).body;
    expect(street.children.length).toBe(communities.length);
    expect(street.children[0]).toMatchObject({ rank: 1, rankedBy: expect.any(String) });
    expect(street.revisedAfterTheFact.communities).toEqual([code]);
    const streetBefore = (await http.get(`/api/scores/${STREET}?asOf=2025-07-04`).set(auth()).expect(200)).body;
    expect(street.activities.held).toBe(streetBefore.activities.held + 1);
    expect(street.figures.meanTotal).toBeGreaterThan(streetBefore.figures.meanTotal);
    expect(street.revisedAfterTheFact.changed).toEqual(
      expect.arrayContaining([expect.objectContaining({ figure: 'meanTotal', then: streetBefore.figures.meanTotal })]),
    );
    // Rankings take the same moments.
    const ranking = (await http.get(`/api/rankings/${STREET}?level=community&asOf=2025-07-05`).set(auth()).expect(200))
      .body;
    expect(ranking.items.map((i: { code: string }) => i.code).sort()).toEqual([...communities].sort());
    expect(ranking.revisedAfterTheFact.communities).toEqual([code]);
    await http.get(`/api/scores/${code}?knownAt=2025-07-05T23:59:59`).set(auth()).expect(400); // no offset
    await http.get(`/api/scores/${code}?knownAt=2025-02-30T10:00:00Z`).set(auth()).expect(400); // no such day
    await http.get(`/api/scores/${code}/explain?indicator=g4.4&knownAt=2025-07-05`).set(auth()).expect(400); // a day is not an instant
    const bad = await http.get(`/api/rankings/${STREET}?knownAt=yesterday`).set(auth()).expect(400);
    expect(JSON.stringify(bad.body)).toContain('knownAt');
  });

  it('explains an indicator by exactly the events its rule counted, the others apart with why', async () => {
    const code = communities[3];
    const explained = (await http.get(`/api/scores/${code}/explain?indicator=g4.4`).set(auth()).expect(200)).body;
    // Only this year's activity counts toward g4.4 (calendar year): last year's is not listed among them.
    expect(explained.events.map((e: { data: { heldAt: string } }) => e.data.heldAt)).toEqual(['2025-07-05']);
    expect(explained.notCounted).toEqual([
      expect.objectContaining({ occurredOn: '2024-06-10', reason: expect.stringContaining('held in 2024') }),
    ]);
    const asOf = (await http.get(`/api/scores/${code}/explain?indicator=g4.4&asOf=2025-07-04`).set(auth()).expect(200))
      .body;
    expect(asOf.events).toEqual([]);
    expect(asOf.notCounted.map((e: { reason: string }) => e.reason)).toEqual([
      expect.stringContaining('after asOf 2025-07-04'),
      expect.stringContaining('held in 2024'),
    ]);
  });

  it('documents both kinds of time as query parameters of every figure endpoint in the OpenAPI document', async () => {
    const doc = (await http.get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/scores/{code}',
      '/api/scores/{code}/explain',
      '/api/rankings/{code}',
      '/api/exports/scores/{code}',
    ]) {
      const params = doc.paths[path].get.parameters.filter((p: { in: string }) => p.in === 'query');
      expect({ path, names: params.map((p: { name: string }) => p.name) }).toEqual({
        path,
        names: expect.arrayContaining(['asOf', 'knownAt', 'standard']),
      });
      expect(params.find((p: { name: string }) => p.name === 'knownAt').description).toContain('recorded');
    }
  });
});
