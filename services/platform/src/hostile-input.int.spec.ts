import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { loadShippedStandards } from '@chuangwen/scoring-engine';
import { checkCharacter } from '@chuangwen/volunteers';
import { captureOutput, CapturedOutput } from './testing/output';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102), 兰州市. Today is 2025-06-01 in China.
const DISTRICT = '620102';
const STREET = '620102001';
const TOMORROW_BORN = ((p) => p + checkCharacter(p))('620102' + '20250602' + '001');

/** Issue 16 (defects 1–5) and issue 22 (defects 5, 6): each bad request is a 400 naming the field, and nothing is written. */
describe('hostile requests: every malformed input is a 4xx naming the field, and nothing is appended', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let community: string;
  let volunteer: string;
  const tokens: Record<string, string> = {};
  let output: CapturedOutput;
  const clock = new ManualClock(new Date('2025-06-01T02:00:00Z'));

  beforeAll(async () => {
    output = captureOutput();
    platform = await startPlatform({ name: 'hostile', clock, region: DISTRICT, settings: { LOG_LEVEL: 'warn' } });
    // As in production (jest sets NODE_ENV=test, under which express stays silent about errors); express
    // reads it at each request.
    platform.app.getHttpAdapter().getInstance().set('env', 'production');
    ({ http, store } = platform);
    community = (await platform.children(STREET))[0];
    const token = async (name: string, jurisdiction: string, role: string) =>
      (tokens[name] = await platform.bearer(jurisdiction, [role], name));
    await token('office', DISTRICT, 'office');
    await token('staff', community, 'community');
    await token('inspector', DISTRICT, 'inspector');
    await token('rugao', '321282', 'office');
    const id = ((p) => p + checkCharacter(p))('620102' + '19850312' + '201');
    volunteer = (
      await http
        .post('/api/volunteers')
        .set(as('staff'))
        .send({ communityCode: community, name: '张三', idNumber: id, phone: '13800000000' })
        .expect(201)
    ).body.id;
  }, 60_000);
  afterAll(async () => {
    output?.restore();
    await platform?.close();
  });

  const as = (who: string) => ({ Authorization: tokens[who] });
  const activity = (over: Record<string, unknown> = {}) => ({
    communityCode: community,
    kind: 'moral_lecture',
    title: '道德讲堂',
    organiser: '社区居委会',
    scale: 'ordinary',
    heldAt: '2025-05-20T09:00:00+08:00',
    participants: 40,
    ...over,
  });
  const record = (over: Record<string, unknown>) => ({
    date: '2025-06-01',
    hours: 2,
    kind: 'companionship',
    description: '陪伴空巢老人',
    ...over,
  });
  const program = (over: Record<string, unknown>) => ({
    kind: 'civilized_community',
    level: 'county',
    title: '2026年度城关区文明社区',
    authority: DISTRICT,
    cycle: { from: '2026-01-01', to: '2026-12-31' },
    quota: 3,
    eligibility: { noVeto: true },
    ...over,
  });
  const survey = (over: Record<string, unknown>) => ({
    communityCode: community,
    topic: 'awareness',
    sampleSize: 100,
    positive: 90,
    conductedOn: '2025-05-30',
    ...over,
  });
  const problem = (over: Record<string, unknown>) => ({
    communityCode: community,
    category: 'street_occupation',
    description: '楼道堆放杂物',
    source: 'inspector',
    foundOn: '2025-05-30',
    ...over,
  });
  const deep = (levels: number) => '{"title":' + '['.repeat(levels) + ']'.repeat(levels) + '}';

  /** field: the fields the 400 must name, exactly (comma-separated). */
  type Case = [
    name: string,
    who: string,
    method: 'post' | 'get',
    path: () => string,
    body: (() => object | string) | undefined,
    field: string,
    message?: RegExp,
  ];
  const cases: Case[] = [
    // Defect 1: numbers in exponent form, and nesting deep enough to exhaust the stack.
    [
      'hours 1e-7 (exponent form)',
      'staff',
      'post',
      () => `/api/volunteers/${volunteer}/records`,
      () => record({ hours: 1e-7 }),
      'hours',
      /at most 2 decimals/,
    ],
    [
      'hours 5e-324',
      'staff',
      'post',
      () => `/api/volunteers/${volunteer}/records`,
      () => record({ hours: 5e-324 }),
      'hours',
    ],
    [
      'points 1e-7 on an inspection score',
      'inspector',
      'post',
      () => `/api/inspections/00000000-0000-4000-8000-000000000000/items`,
      () => ({ indicatorId: 'g1.1', points: 1e-7 }),
      'points',
    ],
    ['arrays nested 5,000 deep', 'staff', 'post', () => '/api/activities', () => deep(5000), 'body', /deeper than 32/],
    [
      'objects nested 5,000 deep',
      'office',
      'post',
      () => '/api/awards/programs',
      () => '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
      'body',
    ],
    // Defect 2: text that disguises or breaks.
    [
      'a title of only whitespace',
      'staff',
      'post',
      () => '/api/activities',
      () => activity({ title: ' \t ' }),
      'title',
      /empty or only blanks/,
    ],
    [
      'a NUL in a title',
      'staff',
      'post',
      () => '/api/activities',
      () => activity({ title: '道德\u0000讲堂' }),
      'title',
      /control characters/,
    ],
    [
      'a BEL in an organiser',
      'staff',
      'post',
      () => '/api/activities',
      () => activity({ organiser: '居委会\u0007' }),
      'organiser',
      /control characters/,
    ],
    [
      'a right-to-left override (txt.exe)',
      'staff',
      'post',
      () => '/api/activities',
      () => activity({ title: 'report\u202Etxt.exe' }),
      'title',
      /bidirectional/,
    ],
    [
      'a lone surrogate',
      'staff',
      'post',
      () => '/api/activities',
      () => activity({ title: 'a\uD800b' }),
      'title',
      /surrogate/,
    ],
    [
      'a line break in a one-line name',
      'staff',
      'post',
      () => '/api/volunteers',
      () => ({ communityCode: community, name: '张\n三', idNumber: TOMORROW_BORN, phone: '13800000000' }),
      'name',
    ],
    [
      'a line break in a phone number',
      'staff',
      'post',
      () => '/api/volunteers',
      () => ({ communityCode: community, name: '李四', idNumber: TOMORROW_BORN, phone: '13800\n000000' }),
      'phone',
    ],
    [
      'an isolate in a service description',
      'staff',
      'post',
      () => `/api/volunteers/${volunteer}/records`,
      () => record({ description: '陪伴\u2066老人' }),
      'description',
    ],
    [
      "a number as a photo's evidence ref",
      'inspector',
      'post',
      () => '/api/problems',
      () => problem({ evidence: [{ kind: 'photo', ref: 1 }] }),
      'evidence.0.ref',
    ],
    [
      'a gps_point ref that is no point',
      'inspector',
      'post',
      () => '/api/problems',
      () => problem({ evidence: [{ kind: 'gps_point', ref: 'here' }] }),
      'evidence.0.ref',
      /lat,lng/,
    ],
    [
      'a bidi override in a problem description',
      'inspector',
      'post',
      () => '/api/problems',
      () => problem({ description: '杂物\u202D' }),
      'description',
    ],
    [
      'a blank inspector name',
      'inspector',
      'post',
      () => '/api/inspections',
      () => ({
        communityCode: community,
        kind: 'field_inspection',
        plannedOn: '2025-06-02',
        inspectors: ['张三', '  '],
      }),
      'inspectors',
    ],
    ['an empty award title', 'office', 'post', () => '/api/awards/programs', () => program({ title: '   ' }), 'title'],
    [
      'a control character in a standard’s title',
      'office',
      'post',
      () => '/api/standards',
      () => ({ ...loadShippedStandards()[0], id: 'chengguan-test', issuingAuthority: DISTRICT, title: '标准\u0007' }),
      'title',
    ],
    // Defect 3 / issue 22 defect 5: impossible days, everywhere.
    [
      'an award cycle 2026-02-30 – 2026-13-45',
      'office',
      'post',
      () => '/api/awards/programs',
      () => program({ cycle: { from: '2026-02-30', to: '2026-13-45' } }),
      'cycle.from,cycle.to',
    ],
    [
      'an award cycle ending before it starts',
      'office',
      'post',
      () => '/api/awards/programs',
      () => program({ cycle: { from: '2026-12-31', to: '2026-01-01' } }),
      'cycle.to',
      /must not be before from/,
    ],
    [
      'a survey conducted on 2025-02-30',
      'inspector',
      'post',
      () => '/api/surveys',
      () => survey({ conductedOn: '2025-02-30' }),
      'conductedOn',
    ],
    [
      'a problem found on 2025-13-45',
      'inspector',
      'post',
      () => '/api/problems',
      () => problem({ foundOn: '2025-13-45' }),
      'foundOn',
    ],
    [
      'a service on 2025-02-29',
      'staff',
      'post',
      () => `/api/volunteers/${volunteer}/records`,
      () => record({ date: '2025-02-29' }),
      'date',
    ],
    [
      'asOf=2026-13-01 on a scorecard',
      'staff',
      'get',
      () => `/api/scores/${community}?asOf=2026-13-01`,
      undefined,
      'asOf',
    ],
    [
      'asOf=2026-02-30 on a scorecard',
      'staff',
      'get',
      () => `/api/scores/${community}?asOf=2026-02-30`,
      undefined,
      'asOf',
    ],
    [
      'asOf=2026-02-30 on explain',
      'staff',
      'get',
      () => `/api/scores/${community}/explain?indicator=g1.1&asOf=2026-02-30`,
      undefined,
      'asOf',
    ],
    [
      'asOf=2026-02-30 on the score export',
      'office',
      'get',
      () => `/api/exports/scores/${DISTRICT}?asOf=2026-02-30`,
      undefined,
      'asOf',
    ],
    [
      'activities from 2025-02-30',
      'staff',
      'get',
      () => `/api/activities?communityCode=${community}&from=2025-02-30`,
      undefined,
      'from',
    ],
    [
      'a service figures period ending before it starts',
      'office',
      'get',
      () => `/api/volunteers/figures/${DISTRICT}?from=2025-06-01&to=2025-01-01`,
      undefined,
      'to',
    ],
    // Issue 22 defect 6: an instant must say its offset.
    [
      'heldAt without an offset',
      'staff',
      'post',
      () => '/api/activities',
      () => activity({ heldAt: '2025-05-20T09:00:00' }),
      'heldAt',
      /offset/,
    ],
    [
      'an export from a local date-time',
      'office',
      'get',
      () => `/api/exports/events?from=2025-01-01T00:00:00`,
      undefined,
      'from',
    ],
    // Defect 4: born tomorrow.
    [
      'an identity number born tomorrow',
      'staff',
      'post',
      () => '/api/volunteers',
      () => ({ communityCode: community, name: '王五', idNumber: TOMORROW_BORN, phone: '13800000000' }),
      'idNumber',
      /after today/,
    ],
    // Found by the fuzzer: an offset past what SQLite binds was a 500.
    [
      'surveys at offset 9.5e30',
      'inspector',
      'get',
      () => `/api/surveys?jurisdictionCode=${DISTRICT}&offset=9530558591332351942593064468480`,
      undefined,
      'offset',
    ],
    [
      'activities at offset 1,000,001',
      'staff',
      'get',
      () => `/api/activities?communityCode=${community}&offset=1000001`,
      undefined,
      'offset',
    ],
    [
      'a ranking at offset 1e20',
      'office',
      'get',
      () => `/api/rankings/${DISTRICT}?level=community&offset=100000000000000000000`,
      undefined,
      'offset',
    ],
    [
      'an empty communityCode beside a jurisdictionCode',
      'staff',
      'get',
      () => `/api/activities?communityCode=&jurisdictionCode=${STREET}`,
      undefined,
      'communityCode',
    ],
    // Issue 16, safe defaults: an unknown event type.
    [
      'an export of an unknown event type',
      'office',
      'get',
      () => '/api/exports/events?types=ActivityHeld,ActivtyHeld',
      undefined,
      'types',
      /ActivityHeld, ActivityPlanned/,
    ],
  ];

  // One row per case (rows of different lengths would make jest pass a `done` callback).
  it.each(cases.map((c) => [c[0], c] as const))(
    '%s → 400 naming the field, nothing appended',
    async (_, [, who, method, path, body, field, message]) => {
      const before = await store.headPosition();
      const req =
        method === 'get'
          ? http.get(path()).set(as(who))
          : http
              .post(path())
              .set(as(who))
              .set('Content-Type', 'application/json')
              .send(((b) => (typeof b === 'string' ? b : JSON.stringify(b)))(body!()));
      const res = await req;
      expect({ status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({
        status: 400,
        fields: field.split(','),
      });
      if (message) expect(JSON.stringify(res.body.errors)).toMatch(message);
      expect(await store.headPosition()).toBe(before);
    },
  );

  it('star thresholds from an impossible day → 400 naming effectiveFrom', async () => {
    const before = await store.headPosition();
    const res = await http
      .put(`/api/volunteers/star-thresholds/${DISTRICT}`)
      .set(as('office'))
      .send({ effectiveFrom: '2026-04-31', thresholds: [50, 100, 200, 400, 800] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['effectiveFrom']);
    expect(await store.headPosition()).toBe(before);
  });

  it('still takes clean input: trimmed text, multi-line descriptions, emoji, real days, instants with an offset', async () => {
    const res = await http
      .post('/api/activities')
      .set(as('staff'))
      .send(activity({ title: '  道德讲堂 🎉 ', heldAt: '2025-05-20T01:00:00Z' }))
      .expect(201);
    const listed = await http
      .get(`/api/activities?communityCode=${community}&from=2025-05-20&to=2025-05-20`)
      .set(as('staff'))
      .expect(200);
    expect(listed.body.items.find((a: { activityId: string }) => a.activityId === res.body.activityId)).toMatchObject({
      title: '道德讲堂 🎉',
    });
    await http
      .post(`/api/volunteers/${volunteer}/records`)
      .set(as('staff'))
      .send(record({ hours: 2.25, description: '上午：理发\n下午：\t陪伴' }))
      .expect(201);
  });

  it('an office cannot take over another authority’s standard (issue 16, defect 5): 403, nothing appended', async () => {
    const yizhou = loadShippedStandards().find((s) => s.id === 'yizhou-community')!;
    const before = await store.headPosition();
    const res = await http
      .post('/api/standards')
      .set(as('rugao'))
      .send({ ...yizhou, version: yizhou.version + 1, effectiveFrom: '2026-01-01', issuingAuthority: '321282' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/issued by 371302/);
    expect(await store.headPosition()).toBe(before);
  });

  it('resources with an owner stay their owner’s: star thresholds and award programs of another office are 403 (regression)', async () => {
    const before = await store.headPosition();
    const thresholds = { effectiveFrom: '2025-07-01', thresholds: [50, 100, 200, 400, 800] };
    await http.put(`/api/volunteers/star-thresholds/${DISTRICT}`).set(as('rugao')).send(thresholds).expect(403);
    await http.put('/api/volunteers/star-thresholds/620100').set(as('office')).send(thresholds).expect(403); // the city's, from a district
    await http.post('/api/awards/programs').set(as('rugao')).send(program({})).expect(403);
    expect(await store.headPosition()).toBe(before);
  });

  it('a body over the limit is a 413 naming the body, logged as one warning without a stack (issue 16, defect 7)', async () => {
    output.clear();
    const res = await http
      .post('/api/activities')
      .set(as('staff'))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(activity({ title: 'x'.repeat(200_000) })));
    const bad = await http
      .post('/api/activities')
      .set(as('staff'))
      .set('Content-Type', 'application/json')
      .send('{"title": ');
    const text = output.text();
    expect(text).not.toMatch(/ERROR/);
    expect(text).not.toMatch(/\n\s+at /); // no stack trace
    expect(output.chunks.filter((c) => c.stream === 'err')).toEqual([]);
    expect(text).toMatch(/WARN.*POST \/api\/activities → 413/);
    expect(text).toMatch(/WARN.*POST \/api\/activities → 400: the body is not valid JSON/);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      errors: [{ field: 'body', messages: [expect.stringMatching(/larger than the limit \(100kb\)/)] }],
    });
    expect(bad.status).toBe(400);
  });
});
