import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import { captureOutput, CapturedOutput } from './testing/output';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102), 兰州市, under the shipped 甘肃 standard (g4.2: a point per open problem).
const DISTRICT = '620102';
const STREET = '620102001';
const PHONE = '13812345678';
const PHONE_2 = '13987654321';

/** GeoReport v2 field lists (wiki.open311.org/GeoReport_v2) and the JSON type of each field. */
const SERVICE_FIELDS = {
  service_code: 'string',
  service_name: 'string',
  description: 'string',
  metadata: 'boolean',
  type: 'string',
  keywords: 'string',
  group: 'string',
};
const ATTRIBUTE_FIELDS = {
  variable: 'boolean',
  code: 'string',
  datatype: 'string',
  required: 'boolean',
  datatype_description: 'string',
  order: 'number',
  description: 'string',
  values: 'object',
};
const REQUEST_FIELDS = {
  service_request_id: 'string',
  status: 'string',
  status_notes: 'string',
  service_name: 'string',
  service_code: 'string',
  description: 'string',
  agency_responsible: 'string',
  service_notice: 'string',
  requested_datetime: 'string',
  updated_datetime: 'string',
  expected_datetime: 'string',
  address: 'string',
  address_id: 'string',
  zipcode: 'string',
  lat: 'number',
  long: 'number',
  media_url: 'string',
};
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/** Exactly the spec's fields, each of its type (null allowed where a number may be absent). */
function expectFields(record: Record<string, unknown>, fields: Record<string, string>, optional: string[] = []) {
  expect(Object.keys(record).sort()).toEqual(
    Object.keys(fields)
      .filter((f) => !optional.includes(f) || f in record)
      .sort(),
  );
  for (const [f, type] of Object.entries(fields))
    if (f in record && record[f] !== null) expect({ f, type: typeof record[f] }).toEqual({ f, type });
}
const expectErrors = (body: unknown, code: number, description: RegExp) => {
  expect(Array.isArray(body)).toBe(true);
  for (const e of body as Record<string, unknown>[]) expectFields(e, { code: 'number', description: 'string' });
  expect((body as { code: number }[])[0].code).toBe(code);
  expect((body as { description: string }[]).map((e) => e.description).join(' ')).toMatch(description);
};

describe('residents: Open311 GeoReport v2, the 随手拍 API, report once, acceptance, reopen, limits, no phone anywhere', () => {
  let platform: TestPlatform;
  let dir: string;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let reads: ReadStore;
  let c: string[];
  let apiKey: string;
  let keyId: string;
  let output: CapturedOutput;
  const tokens: Record<string, string> = {};
  const clock = new ManualClock(new Date('2025-06-01T02:00:00Z'));
  const as = (who: string) => ({ Authorization: tokens[who] });
  const head = () => store.headPosition();
  const g42 = async (code: string) =>
    (await http.get(`/api/scores/${code}`).set(as('office')).expect(200)).body.scorecard.indicators.find(
      (i: { id: string }) => i.id === 'g4.2',
    );
  /** The street's roll-up: the figures of its communities' scorecards. */
  const rollup = async () => (await http.get(`/api/scores/${STREET}`).set(as('office')).expect(200)).body.figures;
  let streetRollupBeforeAcceptance: unknown;
  const counts = async () =>
    (await http.get(`/api/rectifications/counts/${STREET}`).set(as('office')).expect(200)).body;
  const open311Post = (fields: Record<string, string>) =>
    http.post('/open311/v2/requests.json').type('form').send(fields);
  const publicReport = (over: Record<string, unknown> = {}) =>
    http.post('/api/residents/public/reports').send({
      communityCode: c[0],
      category: 'illegal_posting',
      description: '电线杆上张贴小广告',
      lat: 36.0611,
      long: 103.8343,
      deviceId: 'device-aaaa-0001',
      ...over,
    });

  beforeAll(async () => {
    // Everything the platform logs, at the most verbose level: no phone number may be in it.
    output = captureOutput();
    platform = await startPlatform({
      name: 'residents',
      clock,
      region: DISTRICT,
      settings: {
        LOG_LEVEL: 'debug',
        OVERDUE_SCAN_INTERVAL_MS: 0,
        GRID_DISPATCH_INTERVAL_MS: 0,
        RESIDENT_REPORTS_PER_DEVICE: 3,
        RESIDENT_REPORTS_PER_CLIENT: 12,
        RESIDENT_REOPEN_DAYS: 30,
      },
    });
    ({ http, store, dir } = platform);
    reads = platform.app.get(READ_STORE);
    c = await platform.children(STREET);
    const token = async (sub: string, jurisdiction: string, role: string) =>
      (tokens[sub] = await platform.bearer(jurisdiction, [role], sub));
    await token('office', DISTRICT, 'office');
    await token('street', STREET, 'street');
    await token('other-street', '620102002', 'street');
    await token('staff', c[0], 'community');
    await token('analyst', DISTRICT, 'analyst');
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    output?.restore();
  });

  it('issues api_keys per jurisdiction to an office only, shown once and kept hashed', async () => {
    await http
      .post('/api/residents/open311/keys')
      .set(as('street'))
      .send({ jurisdiction: STREET, clientName: '12345热线' })
      .expect(403);
    await http
      .post('/api/residents/open311/keys')
      .set(as('office'))
      .send({ jurisdiction: '620103', clientName: '12345热线' })
      .expect(403);
    const issued = (
      await http
        .post('/api/residents/open311/keys')
        .set(as('office'))
        .send({ jurisdiction: STREET, clientName: '城关区12345政务服务便民热线' })
        .expect(201)
    ).body;
    expect(issued).toMatchObject({ id: issued.keyId, jurisdiction: STREET, events: ['Open311KeyIssued'] });
    apiKey = issued.apiKey;
    keyId = issued.keyId;
    expect(apiKey).toMatch(/^o311_/);
    const listed = (await http.get('/api/residents/open311/keys').set(as('office')).expect(200)).body;
    expect(listed).toEqual([
      { keyId, jurisdiction: STREET, clientName: '城关区12345政务服务便民热线', active: true, issuedBy: 'office' },
    ]);
    const stream = await store.readStream(`open311-key-${keyId}`);
    expect(JSON.stringify(stream)).not.toContain(apiKey);
  });

  it('GET services and a service definition: the spec’s fields and types, JSON and XML', async () => {
    const services = (
      await http
        .get('/open311/v2/services.json')
        .expect(200)
        .expect('content-type', /application\/json/)
    ).body;
    expect(services).toHaveLength(Object.keys(PROBLEM_CATEGORIES).length);
    for (const s of services) expectFields(s, SERVICE_FIELDS);
    expect(services.find((s: { service_code: string }) => s.service_code === 'illegal_posting')).toMatchObject({
      service_name: '乱贴乱画',
      metadata: true,
      type: 'realtime',
    });
    const xml = await http
      .get('/open311/v2/services.xml')
      .expect(200)
      .expect('content-type', /text\/xml/);
    expect(xml.text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>[a-z_]+<\/service_code><service_name>/,
    );

    const def = (await http.get(`/open311/v2/services/illegal_posting.json?jurisdiction_id=${STREET}`).expect(200))
      .body;
    expectFields(def, { service_code: 'string', attributes: 'object' });
    expect(def.service_code).toBe('illegal_posting');
    for (const a of def.attributes) expectFields(a, ATTRIBUTE_FIELDS, ['values']);
    expect(def.attributes[0]).toMatchObject({
      code: 'community_code',
      datatype: 'singlevaluelist',
      required: true,
      variable: true,
      order: 1,
    });
    expect(def.attributes[0].values.map((v: { key: string }) => v.key).sort()).toEqual([...c].sort());
    for (const v of def.attributes[0].values) expectFields(v, { key: 'string', name: 'string' });
    expect((await http.get(`/open311/v2/services/illegal_posting.xml?api_key=${apiKey}`).expect(200)).text).toContain(
      '<service_definition><service_code>illegal_posting</service_code><attributes><attribute><variable>true</variable>',
    );

    expectErrors(
      (await http.get('/open311/v2/services/no_such_service.json').expect(404)).body,
      404,
      /service_code no_such_service not found/,
    );
    expectErrors(
      (await http.get('/open311/v2/services/illegal_posting.json').expect(400)).body,
      400,
      /jurisdiction_id/,
    );
    expectErrors(
      (await http.get('/open311/v2/services/illegal_posting.json?jurisdiction_id=620199').expect(404)).body,
      404,
      /jurisdiction_id 620199 not found/,
    );
    expectErrors(
      (await http.get('/open311/v2/services.json?api_key=o311_not-a-key-of-this-server-000').expect(403)).body,
      403,
      /api_key is not valid/,
    );
    // A body the parser refuses, before any controller, is answered in the spec's format too.
    const malformed = await http
      .post('/open311/v2/requests.json')
      .set('content-type', 'application/json')
      .send('{"service_code":')
      .expect(400);
    expectErrors(malformed.body, 400, /^body: the body is not valid JSON$/);
    expect(
      (await http.post('/open311/v2/requests.xml').set('content-type', 'application/json').send('"AAA"').expect(400))
        .text,
    ).toContain('<errors><error><code>400</code>');
    const xmlError = await http
      .get('/open311/v2/services/no_such_service.xml')
      .expect(404)
      .expect('content-type', /text\/xml/);
    expect(xmlError.text).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>service_code no_such_service not found</description></error></errors>',
    );
  });

  let first: string;
  it('POST requests: api_key required, each refusal in the error format and nothing written; then a request, which moves no figure', async () => {
    const before = await head();
    const g42Before = await g42(c[0]);
    const countsBefore = await counts();
    const rollupBefore = await rollup();
    const base = {
      service_code: 'illegal_posting',
      lat: '36.0611',
      long: '103.8343',
      address_id: c[0],
      description: '电线杆上张贴小广告',
    };
    expectErrors((await open311Post(base).expect(403)).body, 403, /api_key is required/);
    expectErrors(
      (await open311Post({ ...base, api_key: 'o311_not-a-key-of-this-server-000' }).expect(403)).body,
      403,
      /api_key is not valid/,
    );
    expectErrors(
      (await open311Post({ ...base, api_key: apiKey, service_code: '' }).expect(400)).body,
      400,
      /service_code/,
    );
    expectErrors(
      (await open311Post({ ...base, api_key: apiKey, service_code: 'potholes' }).expect(404)).body,
      404,
      /service_code potholes not found/,
    );
    expectErrors((await open311Post({ ...base, api_key: apiKey, lat: '95' }).expect(400)).body, 400, /^lat: /);
    expectErrors(
      (await open311Post({ ...base, api_key: apiKey, address_id: '620102002001' }).expect(403)).body,
      403,
      /outside the jurisdiction 620102001 of this api_key/,
    );
    expectErrors(
      (await open311Post({ ...base, api_key: apiKey, address_id: '' as never, lat: '36.0611' }).expect(400)).body,
      400,
      /address_id/,
    );
    expectErrors(
      (
        await open311Post({
          api_key: apiKey,
          service_code: 'illegal_posting',
          address_id: c[0],
          description: '无地点',
        }).expect(400)
      ).body,
      400,
      /a place is required/,
    );
    expect(await head()).toBe(before);

    const created = await open311Post({
      ...base,
      api_key: apiKey,
      jurisdiction_id: STREET,
      email: 'Zhang.San@example.cn',
      first_name: '三',
      last_name: '张',
      phone: PHONE,
      device_id: '12345-ticket-0001',
      media_url: 'https://12345.example.cn/media/9f2c.jpg',
      account_id: 'hotline-007',
      address_string: '和平路12号东侧电线杆',
    }).expect(201);
    expect(created.body).toHaveLength(1);
    expectFields(created.body[0], { service_request_id: 'string', service_notice: 'string', account_id: 'string' });
    first = created.body[0].service_request_id;
    // A resident's report counts nowhere until it is accepted (立案): no score, no rectification count.
    expect(await g42(c[0])).toEqual(g42Before);
    expect(await counts()).toEqual(countsBefore);
    expect(await rollup()).toEqual(rollupBefore);
    streetRollupBeforeAcceptance = rollupBefore;
    expect((await http.get(`/api/rectifications/${first}`).set(as('office'))).status).toBe(404);
  });

  it('GET requests and GET request: the spec’s fields and types, filters, defaults, XML', async () => {
    const one = (await http.get(`/open311/v2/requests/${first}.json?jurisdiction_id=${STREET}`).expect(200)).body;
    expect(one).toHaveLength(1);
    expectFields(one[0], REQUEST_FIELDS);
    expect(one[0]).toMatchObject({
      service_request_id: first,
      status: 'open',
      status_notes: '已收到，待立案',
      service_code: 'illegal_posting',
      service_name: '乱贴乱画',
      description: '电线杆上张贴小广告',
      address: '和平路12号东侧电线杆',
      address_id: c[0],
      lat: 36.0611,
      long: 103.8343,
      media_url: 'https://12345.example.cn/media/9f2c.jpg',
      expected_datetime: '',
      requested_datetime: '2025-06-01T10:00:00+08:00',
    });
    expect(one[0].agency_responsible).toMatch(/街道/);
    for (const f of ['requested_datetime', 'updated_datetime']) expect(one[0][f]).toMatch(ISO_WITH_OFFSET);
    // Nothing personal in what any client reads.
    expect(JSON.stringify(one)).not.toMatch(/138|张三|Zhang|example\.cn\/?"|hotline-007/);

    const list = async (q: string) =>
      (await http.get(`/open311/v2/requests.json?${q}`).expect(200)).body as { service_request_id: string }[];
    expect((await list(`jurisdiction_id=${STREET}`)).map((r) => r.service_request_id)).toEqual([first]);
    expect((await list(`api_key=${apiKey}`)).map((r) => r.service_request_id)).toEqual([first]);
    expect(await list(`jurisdiction_id=${STREET}&service_code=littering,pests`)).toEqual([]);
    expect(await list(`jurisdiction_id=${STREET}&service_code=littering,illegal_posting`)).toHaveLength(1);
    expect(await list(`jurisdiction_id=${STREET}&status=closed`)).toEqual([]);
    expect(await list(`jurisdiction_id=${STREET}&start_date=2025-06-02T00:00:00%2B08:00`)).toEqual([]);
    expect(await list(`jurisdiction_id=${STREET}&end_date=2025-05-31T00:00:00Z`)).toEqual([]);
    expect(await list(`jurisdiction_id=620102002`)).toEqual([]);
    expect(
      (await list(`jurisdiction_id=${DISTRICT}&service_request_id=${first},00000000-0000-5000-8000-000000000000`)).map(
        (r) => r.service_request_id,
      ),
    ).toEqual([first]);
    // 90 days by default: after that the request drops out of the default list, but is still found by dates or id.
    clock.advance(91 * 86_400_000);
    expect(await list(`jurisdiction_id=${STREET}`)).toEqual([]);
    expect(await list(`jurisdiction_id=${STREET}&start_date=2025-05-01T00:00:00Z`)).toHaveLength(1);
    clock.advance(-91 * 86_400_000);

    const xml = await http
      .get(`/open311/v2/requests/${first}.xml?jurisdiction_id=${STREET}`)
      .expect(200)
      .expect('content-type', /text\/xml/);
    expect(xml.text).toContain(
      `<service_requests><request><service_request_id>${first}</service_request_id><status>open</status>`,
    );
    expectErrors((await http.get('/open311/v2/requests.json').expect(400)).body, 400, /jurisdiction_id is required/);
    expectErrors(
      (await http.get(`/open311/v2/requests/${first}.json?jurisdiction_id=620102002`).expect(404)).body,
      404,
      /not found/,
    );
    expectErrors(
      (await http.get(`/open311/v2/requests.json?jurisdiction_id=${STREET}&status=pending`).expect(400)).body,
      400,
      /status/,
    );
    expectErrors(
      (await http.get(`/open311/v2/requests.json?jurisdiction_id=${STREET}&start_date=2025-06-01`).expect(400)).body,
      400,
      /start_date/,
    );
  });

  let dup: string;
  let dupCode: string;
  let far: { id: string; trackingCode: string; reopenSecret: string };
  it('report once: a report of the same category close by joins the open one (same id for Open311); a far one does not', async () => {
    const near = (
      await publicReport({
        lat: 36.06125,
        long: 103.8344,
        phone: PHONE_2,
        description: `又看到小广告，电话 ${PHONE_2}`,
      }).expect(201)
    ).body;
    expect(near).toMatchObject({
      duplicateOf: first,
      events: ['ResidentReportSubmitted'],
      trackingCode: expect.stringMatching(/^[A-HJKMNP-Z2-9]{10}$/),
    });
    dup = near.id;
    dupCode = near.trackingCode;
    const viaOpen311 = (
      await open311Post({
        api_key: apiKey,
        service_code: 'illegal_posting',
        lat: '36.06108',
        long: '103.83425',
        address_id: c[0],
        description: '小广告',
      }).expect(201)
    ).body;
    expect(viaOpen311[0].service_request_id).toBe(first);
    expect(viaOpen311[0].service_notice).toContain(first);
    expect(
      (await http.get(`/open311/v2/requests/${dup}.json?jurisdiction_id=${STREET}`).expect(200)).body[0],
    ).toMatchObject({ service_request_id: first, service_notice: '另有 2 位居民反映了同一问题' });
    // Another category at the same spot, or the same category 500 m away, is another problem.
    expect(
      (await publicReport({ category: 'littering', deviceId: 'device-bbbb-0001' }).expect(201)).body.duplicateOf,
    ).toBeUndefined();
    far = (await publicReport({ lat: 36.0656, deviceId: 'device-bbbb-0001' }).expect(201)).body;
    expect(far).not.toHaveProperty('duplicateOf');
    const listed = (await http.get(`/api/residents/reports?jurisdictionCode=${STREET}`).set(as('street')).expect(200))
      .body;
    expect(listed.items.find((r: { reportId: string }) => r.reportId === first)).toMatchObject({
      duplicateCount: 2,
      contactMasked: { phoneMasked: '138****5678', nameMasked: '张*', emailMasked: 'z***@example.cn' },
    });
    expect(listed.items.find((r: { reportId: string }) => r.reportId === dup)).toMatchObject({
      duplicateOf: first,
      description: '又看到小广告，电话 139****4321',
    });
    // A duplicate is accepted through its original only.
    expect(
      (await http.post(`/api/residents/reports/${dup}/accept`).set(as('street')).send({}).expect(409)).body.message,
    ).toMatch(/linked to report/);
  });

  it('立案 by the street: the problem (same id) appears in inspections, the grid link and Open311, and only now costs the point', async () => {
    const before = await g42(c[0]);
    await http.post(`/api/residents/reports/${first}/accept`).set(as('other-street')).send({}).expect(403);
    await http.post(`/api/residents/reports/${first}/accept`).set(as('staff')).send({}).expect(403);
    const accepted = (
      await http
        .post(`/api/residents/reports/${first}/accept`)
        .set(as('street'))
        .send({ note: '属实，立案' })
        .expect(201)
    ).body;
    expect(accepted).toMatchObject({
      id: first,
      problemId: first,
      events: ['ResidentReportAccepted', 'ProblemRecorded', 'ProblemEvidenceAttached'],
    });
    expect((await http.get(`/api/rectifications/${first}`).set(as('office')).expect(200)).body).toMatchObject({
      source: 'resident',
      category: 'illegal_posting',
    });
    expect((await g42(c[0])).points).toBe(before.points - 1);
    // The street's roll-up moves only now, and its open problems count one more.
    expect(await rollup()).not.toEqual(streetRollupBeforeAcceptance);
    expect((await counts()).open).toBe(1);
    // The grid link's task for the same problem id.
    expect(await reads.get('grid_tasks', first)).toMatchObject({ communityCode: c[0] });
    const r = (await http.get(`/open311/v2/requests/${first}.json?jurisdiction_id=${STREET}`).expect(200)).body[0];
    expect(r).toMatchObject({ status: 'open', status_notes: '已立案；属实，立案' });
    expect(r.agency_responsible).toMatch(/社区/);
    // A repeated acceptance (a retry) appends nothing and doubles nothing.
    const points = (await g42(c[0])).points;
    expect(
      (await http.post(`/api/residents/reports/${first}/accept`).set(as('street')).send({}).expect(201)).body,
    ).toMatchObject({ id: first, problemId: first, events: [] });
    expect((await store.readStream(`problem-${first}`)).filter((e) => e.type === 'ProblemRecorded')).toHaveLength(1);
    expect((await g42(c[0])).points).toBe(points);
    await http.post(`/api/residents/reports/${far.id}/reject`).set(as('street')).send({ reason: '' }).expect(400);
  });

  it('the rectification lifecycle shows in Open311 (expected_datetime from the notice) and on the status page, up to closed', async () => {
    await http
      .post('/api/rectifications')
      .set(as('street'))
      .send({ problemId: first, deadline: '2025-06-05', requirements: '清除小广告' })
      .expect(201);
    let r = (await http.get(`/open311/v2/requests/${first}.json?api_key=${apiKey}`).expect(200)).body[0];
    expect(r).toMatchObject({ status: 'open', expected_datetime: '2025-06-05T23:59:59+08:00' });
    expect(r.status_notes).toMatch(/^已下发整改通知；清除小广告/);
    await http
      .post(`/api/rectifications/${first}/submission`)
      .set(as('staff'))
      .send({ description: '已清除', evidence: [{ kind: 'photo', ref: 'after-1' }] })
      .expect(200);
    await http.post(`/api/rectifications/${first}/verification`).set(as('office')).expect(200);
    r = (await http.get(`/open311/v2/requests/${first}.json?api_key=${apiKey}`).expect(200)).body[0];
    expect(r).toMatchObject({ status: 'closed', expected_datetime: '' });
    expect(
      (await http.get(`/open311/v2/requests.json?api_key=${apiKey}&status=closed`).expect(200)).body.map(
        (x: { service_request_id: string }) => x.service_request_id,
      ),
    ).toEqual([first]);
    // The duplicate's reporter follows the same problem, without anyone's personal data.
    const status = (await http.get(`/api/residents/public/reports/${dupCode}`).expect(200)).body;
    expect(status).toMatchObject({ status: 'closed', stage: 'closed', serviceRequestId: first, canReopen: false });
    expect(status.history.map((h: { stage: string }) => h.stage)).toEqual([
      'awaiting_acceptance',
      'accepted',
      'notice_issued',
      'rectification_submitted',
      'closed',
    ]);
    expect(JSON.stringify(status)).not.toMatch(/138|139\d{8}|张|device|Hash|secret/i);
  });

  it('reopen: the reporter (tracking code + secret) reopens a closed report within the period; an event, on the record, counted per street', async () => {
    // The far report goes through to closed, then its reporter says it is not fixed.
    await http.post(`/api/residents/reports/${far.id}/accept`).set(as('street')).send({}).expect(201);
    await http
      .post('/api/rectifications')
      .set(as('street'))
      .send({ problemId: far.id, deadline: '2025-06-05', requirements: '清除' })
      .expect(201);
    await http
      .post(`/api/rectifications/${far.id}/submission`)
      .set(as('staff'))
      .send({ description: '已清除', evidence: [{ kind: 'photo', ref: 'x' }] })
      .expect(200);
    const reopenUrl = `/api/residents/public/reports/${far.trackingCode}/reopen`;
    expect(
      (await http.post(reopenUrl).send({ secret: far.reopenSecret, reason: '还没清' }).expect(409)).body.message,
    ).toMatch(/not closed as rectified/);
    await http.post(`/api/rectifications/${far.id}/verification`).set(as('office')).expect(200);
    const g42Closed = await g42(c[0]);
    const before = await head();
    expect(
      (await http.post(reopenUrl).send({ secret: 'wrong-secret-0000000000', reason: '还没清' }).expect(403)).body
        .message,
    ).toMatch(/secret does not match/);
    expect(await head()).toBe(before);
    const reopened = (
      await http.post(reopenUrl).send({ secret: far.reopenSecret, reason: '小广告又贴回来了' }).expect(201)
    ).body;
    expect(reopened).toMatchObject({ id: far.id, events: ['ResidentReportReopened'] });
    const status = (await http.get(`/api/residents/public/reports/${far.trackingCode}`).expect(200)).body;
    expect(status).toMatchObject({ status: 'open', stage: 'reopened', reopenCount: 1 });
    expect(status.history.at(-1)).toMatchObject({ stage: 'reopened', note: '小广告又贴回来了' });
    expect((await http.get(`/open311/v2/requests/${far.id}.json?api_key=${apiKey}`).expect(200)).body[0]).toMatchObject(
      { status: 'open', service_notice: '经居民反映重新打开 1 次' },
    );
    const figures = (await http.get(`/api/residents/figures/${STREET}`).set(as('office')).expect(200)).body;
    expect(figures).toEqual([
      { streetCode: STREET, districtCode: DISTRICT, reports: 5, duplicates: 2, accepted: 2, rejected: 0, reopened: 1 },
    ]);
    // Reopening changes no figure until it is accepted again, as a new round with a new problem.
    expect(await g42(c[0])).toEqual(g42Closed);
    const again = (await http.post(`/api/residents/reports/${far.id}/accept`).set(as('street')).send({}).expect(201))
      .body;
    expect(again.problemId).not.toBe(far.id);
    expect((await g42(c[0])).points).toBe(g42Closed.points - 1);
    // Past the period: refused.
    await http
      .post('/api/rectifications')
      .set(as('street'))
      .send({ problemId: again.problemId, deadline: '2025-06-05', requirements: '清除' })
      .expect(201);
    await http
      .post(`/api/rectifications/${again.problemId}/submission`)
      .set(as('staff'))
      .send({ description: '已清除', evidence: [{ kind: 'photo', ref: 'y' }] })
      .expect(200);
    await http.post(`/api/rectifications/${again.problemId}/verification`).set(as('office')).expect(200);
    clock.advance(31 * 86_400_000);
    expect(
      (await http.post(reopenUrl).send({ secret: far.reopenSecret, reason: '又有了' }).expect(409)).body.message,
    ).toMatch(/within 30 days/);
    clock.advance(-31 * 86_400_000);
  });

  it('photos: Open311 multipart media and the public upload go through the evidence store; only a report’s photos are served', async () => {
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 200, g: 20, b: 30 } } })
      .jpeg()
      .toBuffer();
    const created = await http
      .post('/open311/v2/requests.json')
      .field('api_key', apiKey)
      .field('service_code', 'road_damage')
      .field('address_id', c[1])
      .field('address_string', '东岗西路路面坑洼')
      .field('description', '路面破损')
      .attach('media', jpeg, { filename: 'pothole.jpg', contentType: 'image/jpeg' })
      .expect(201);
    const id = created.body[0].service_request_id;
    const r = (await http.get(`/open311/v2/requests/${id}.json?api_key=${apiKey}`).expect(200)).body[0];
    const hex = createHash('sha256').update(jpeg).digest('hex');
    expect(r.media_url).toBe(`/api/residents/public/photos/${hex}`);
    const served = await http.get(r.media_url).expect(200).expect('content-type', 'image/jpeg');
    expect(Buffer.compare(served.body, jpeg)).toBe(0);
    // The evidence context recorded the upload, for the community, by the client system.
    expect((await store.readStream(`evidence-${hex}`))[0]).toMatchObject({
      type: 'EvidenceUploaded',
      data: { communityCode: c[1] },
      metadata: { actor: { id: `open311-client:${keyId}` } },
    });
    // The public page's upload answers the id its report then names.
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 90, b: 200 } } })
      .png()
      .toBuffer();
    const up = await http
      .post('/api/residents/public/photos')
      .field('communityCode', c[1])
      .field('deviceId', 'device-photo-0001')
      .attach('file', png, { filename: 'a.png', contentType: 'image/png' })
      .expect(201);
    expect(up.body).toEqual({ id: `sha256:${createHash('sha256').update(png).digest('hex')}` });
    // Not named by any report yet: not served.
    await http.get(`/api/residents/public/photos/${up.body.id.slice(7)}`).expect(404);
    const report = (
      await publicReport({
        communityCode: c[1],
        category: 'facility_damage',
        media: [up.body.id],
        deviceId: 'device-photo-0001',
      }).expect(201)
    ).body;
    const status = (await http.get(`/api/residents/public/reports/${report.trackingCode}`).expect(200)).body;
    expect(status.media).toEqual([`/api/residents/public/photos/${up.body.id.slice(7)}`]);
    await http.get(status.media[0]).expect(200).expect('content-type', 'image/png');
    // Not an image: refused by the evidence context, naming the field.
    await http
      .post('/api/residents/public/photos')
      .field('communityCode', c[1])
      .field('deviceId', 'device-photo-0001')
      .attach('file', Buffer.from('not a photo'), 'x.jpg')
      .expect(422);
    await http
      .post('/api/residents/public/photos')
      .send({ communityCode: c[1], deviceId: 'device-photo-0001' })
      .expect(400);
  });

  it('revoked keys are refused', async () => {
    await http.post(`/api/residents/open311/keys/${keyId}/revoke`).set(as('other-street')).expect(403);
    await http.post(`/api/residents/open311/keys/${keyId}/revoke`).set(as('office')).expect(201);
    expectErrors(
      (
        await open311Post({
          api_key: apiKey,
          service_code: 'littering',
          address_id: c[0],
          address_string: '某处',
          description: 'x',
        }).expect(403)
      ).body,
      403,
      /unknown or revoked/,
    );
  });

  it('abuse limits: 429 with Retry-After per device, then per client address', async () => {
    for (let i = 0; i < 3; i++)
      await publicReport({ deviceId: 'device-limit-0001', category: 'pests', lat: 36.07 + i / 100 }).expect(201);
    const limited = await publicReport({ deviceId: 'device-limit-0001', category: 'pests', lat: 36.1 }).expect(429);
    expect(limited.body.message).toMatch(/too many reports from this device/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Fresh devices from the same address run into the address's own budget.
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) {
      const r = await publicReport({
        deviceId: `device-fresh-${String(i).padStart(4, '0')}`,
        category: 'pests',
        lat: 36.2 + i / 100,
      });
      status = r.status;
      if (status === 429) expect(r.body.message).toMatch(/from this address/);
    }
    expect(status).toBe(429);
    // Following a report is never limited.
    await http.get(`/api/residents/public/reports/${dupCode}`).expect(200);
  });

  it('a rebuild of the residents projection equals the live state', async () => {
    const { host } = platform;
    await host.waitForCatchUp();
    const collections = [
      'resident_reports',
      'resident_problem_links',
      'resident_figures',
      'resident_duplicate_links',
      'resident_duplicate_counts',
      'open311_keys',
    ];
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          collections.map(async (c) => [
            c,
            (await reads.find(c, {}, { sort: { _id: 1 } })).map(({ _pos, _v, ...d }) => d),
          ]),
        ),
      );
    const live = await snapshot();
    expect(live.resident_reports.length).toBeGreaterThan(5);
    await host.rebuild(['residents.reports.v2']);
    expect(await snapshot()).toEqual(live);
  });

  it('no resident phone number anywhere: data folder, exports, logs', async () => {
    const exported = (await http.get(`/api/exports/events?jurisdiction=${DISTRICT}`).set(as('analyst')).expect(200))
      .text;
    expect(exported).toContain('ResidentReportSubmitted');
    await platform.host.waitForCatchUp();
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => join(f.parentPath ?? f.path, f.name).slice(dir.length + 1));
    expect(files).toEqual(expect.arrayContaining(['events.db', 'read-models.db']));
    expect(files.some((f) => f.startsWith('evidence'))).toBe(true);
    const forms = (p: string) => [
      p,
      `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`,
      Buffer.from(p, 'utf16le').toString('latin1'),
    ];
    for (const phone of [PHONE, PHONE_2]) {
      for (const f of files) {
        const bytes = readFileSync(join(dir, f)).toString('latin1');
        for (const form of forms(phone))
          expect({ file: f, found: bytes.includes(form) }).toEqual({ file: f, found: false });
      }
      expect(exported).not.toContain(phone);
      expect(output.text()).not.toContain(phone);
    }
    expect(output.chunks.length).toBeGreaterThan(0);
  });
});
