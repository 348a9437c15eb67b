import type request from 'supertest';
import { startPlatform, TestPlatform } from './testing/platform';

type Schema = {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  [k: string]: unknown;
};
type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
  security?: unknown[];
  requestBody?: unknown;
};

/** The few JSON Schema keywords the error schema uses: enough to hold real answers against it. */
function conforms(value: unknown, schema: Schema, path = 'body'): string[] {
  const type = Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value;
  if (schema.type && schema.type !== type && !(schema.type === 'number' && type === 'integer'))
    return [`${path} is ${type}, not ${schema.type}`];
  if (type === 'object') {
    const o = value as Record<string, unknown>;
    return [
      ...(schema.required ?? []).filter((k) => !(k in o)).map((k) => `${path}.${k} is missing`),
      ...Object.entries(o).flatMap(([k, v]) =>
        schema.properties?.[k]
          ? conforms(v, schema.properties[k], `${path}.${k}`)
          : schema.properties
            ? [`${path}.${k} is not in the schema`]
            : [],
      ),
    ];
  }
  if (type === 'array' && schema.items)
    return (value as unknown[]).flatMap((v, i) => conforms(v, schema.items!, `${path}.${i}`));
  return [];
}

describe('the OpenAPI document (/docs-json) tells what the server does', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ path, method, op })),
    );

  beforeAll(async () => {
    platform = await startPlatform({
      name: 'openapi',
      region: '620102',
      settings: { OVERDUE_SCAN_INTERVAL_MS: 0, GRID_DISPATCH_INTERVAL_MS: 0, EVALUATION_DAY_CHECK_MS: 0 },
    });
    http = platform.http;
    doc = (await http.get('/docs-json').expect(200)).body;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('declares the error answers of every operation with the one error schema', () => {
    for (const { path, method, op } of operations()) {
      if (path === '/health' || path.startsWith('/health/')) continue; // health answers its own body, 200 or 503
      const statuses = Object.keys(op.responses);
      const hasInput = (op.parameters ?? []).length > 0 || !!op.requestBody;
      expect({ op: op.operationId, has400: statuses.includes('400') }).toEqual({
        op: op.operationId,
        has400: hasInput,
      });
      if (op.security?.length)
        expect({ op: op.operationId, statuses }).toEqual({
          op: op.operationId,
          statuses: expect.arrayContaining(['401', '403']),
        });
      if (method !== 'get')
        expect({ op: op.operationId, statuses }).toEqual({
          op: op.operationId,
          statuses: expect.arrayContaining(['409', '429']),
        });
      // Open311 GeoReport v2 answers its errors in the standard's own format: [{ code, description }].
      const errorSchema = path.startsWith('/open311/')
        ? {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'description'],
              properties: { code: { type: 'integer' }, description: { type: 'string' } },
            },
          }
        : { $ref: '#/components/schemas/ErrorResponse' };
      for (const status of statuses.filter((s) => +s >= 400 && s !== '431'))
        expect(op.responses[status].content?.['application/json'].schema).toEqual(errorSchema);
    }
  });

  it('marks x-correlation-id optional everywhere, and public routes as needing no token', () => {
    const headers = operations().flatMap(({ op }) =>
      (op.parameters ?? []).filter((p) => p.name === 'x-correlation-id'),
    );
    expect(headers.length).toBeGreaterThan(30);
    expect(headers.filter((h) => h.required)).toEqual([]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/api/jurisdictions/{code}'].get.security).toEqual([]);
    expect(doc.paths['/api/auth/dev-token'].post.security).toEqual([]);
    expect(doc.paths['/api/activities'].post.security).toEqual([{ bearer: [] }]);
  });

  it("carries the DTOs' constraints: the same rules the validation pipe applies", async () => {
    const record = doc.components.schemas.RecordServiceDto;
    expect(record.properties!.hours).toMatchObject({ type: 'number', minimum: 0.25, maximum: 24 });
    expect(record.properties!.projectId).toMatchObject({ type: 'string', format: 'uuid' });
    expect(record.properties!.description).toMatchObject({ type: 'string', minLength: 1, maxLength: 500 });
    expect(record.additionalProperties).toBe(false);
    const list = doc.paths['/api/activities'].get.parameters!;
    expect(list.find((p) => p.name === 'limit')!.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    expect(doc.paths['/api/volunteers/{id}/records'].post.parameters!.find((p) => p.name === 'id')!.schema).toEqual({
      type: 'string',
      format: 'uuid',
    });
    // The two reason DTOs no longer share a name (one would have overwritten the other).
    expect(doc.components.schemas.ReasonDto).toBeDefined();
    expect(doc.components.schemas.VolunteerReasonDto).toBeDefined();
    // The server refuses what the document says it refuses: above the maximum is a 400 naming the field.
    const token = (
      await http
        .post('/api/auth/dev-token')
        .send({ sub: 't', jurisdiction: '620102', roles: ['community'] })
        .expect(200)
    ).body.token;
    const res = await http
      .post('/api/volunteers/6bcc0a01-459d-4ad1-b7ef-6dfd72141881/records')
      .set('Authorization', `Bearer ${token}`)
      .send({ date: '2025-06-01', hours: 25, kind: 'health_care', description: '上门理发' })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'hours', messages: [expect.stringMatching(/hours must not be greater than 24/)] },
    ]);
  });

  it('real error answers (400 validation, 400 bad JSON, 401, 403, 404, 422, 429 shape) fit the declared error schema', async () => {
    const schema = doc.components.schemas.ErrorResponse;
    const token = (
      await http
        .post('/api/auth/dev-token')
        .send({ sub: 't', jurisdiction: '620102', roles: ['office'] })
        .expect(200)
    ).body.token;
    const auth = { Authorization: `Bearer ${token}` };
    const answers = [
      await http.post('/api/activities').set(auth).send({ title: 1 }).expect(400),
      await http
        .post('/api/activities')
        .set(auth)
        .set('content-type', 'application/json')
        .send('{"title":')
        .expect(400),
      await http.get('/api/volunteers/not-a-uuid').set(auth).expect(400),
      await http.post('/api/activities').send({}).expect(401),
      await http.get('/api/scores/321282').set(auth).expect(403),
      await http.get('/api/jurisdictions/999999').expect(404),
      await http.get('/api/rankings/620102?level=district').set(auth).expect(422),
    ];
    for (const res of answers)
      expect({ status: res.status, problems: conforms(res.body, schema) }).toEqual({
        status: res.status,
        problems: [],
      });
  });

  it('declares the command answer of every write of a command controller, and a real answer fits it', async () => {
    const record = doc.paths['/api/activities'].post.responses['201'].content!['application/json'].schema;
    expect(record).toEqual({ $ref: '#/components/schemas/ActivityCommandAnswer' });
    expect(
      doc.paths['/api/rectifications/{problemId}/verification'].post.responses['200'].content!['application/json']
        .schema,
    ).toEqual({ $ref: '#/components/schemas/CommandAnswer' });
    const street = (await http.get('/api/jurisdictions/620102').expect(200)).body.children[0].code;
    const community = (await http.get(`/api/jurisdictions/${street}`).expect(200)).body.children[0].code;
    const token = (
      await http
        .post('/api/auth/dev-token')
        .send({ sub: 't', jurisdiction: '620102', roles: ['community'] })
        .expect(200)
    ).body.token;
    const res = await http
      .post('/api/activities')
      .set('Authorization', `Bearer ${token}`)
      .send({
        communityCode: community,
        kind: 'moral_lecture',
        title: '道德讲堂',
        organiser: '社区居委会',
        scale: 'ordinary',
        heldAt: '2025-05-20T09:00:00+08:00',
        participants: 80,
      })
      .expect(201);
    expect(conforms(res.body, doc.components.schemas.ActivityCommandAnswer)).toEqual([]);
    expect(res.body.events).toEqual(['ActivityHeld']);
    expect(res.body.activityId).toBe(res.body.id); // the older name, declared as an alias

    // A survey's answer also carries what was computed (the fuzzer found it undeclared).
    const inspector = (
      await http
        .post('/api/auth/dev-token')
        .send({ sub: 'i', jurisdiction: '620102', roles: ['inspector'] })
        .expect(200)
    ).body.token;
    const survey = await http
      .post('/api/surveys')
      .set('Authorization', `Bearer ${inspector}`)
      .send({
        communityCode: community,
        topic: 'support',
        sampleSize: 200,
        positive: 187,
        conductedOn: '2025-05-30',
      })
      .expect(201);
    expect(doc.paths['/api/surveys'].post.responses['201'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SurveyCommandAnswer',
    });
    expect(conforms(survey.body, doc.components.schemas.SurveyCommandAnswer)).toEqual([]);
    expect(survey.body).toMatchObject({ rate: 0.935, smallSample: false });
  });

  it('takes a client-chosen id sent as null like one left out: the server chooses it (the fuzzer got an award program with id null)', async () => {
    const token = (
      await http
        .post('/api/auth/dev-token')
        .send({ sub: 't', jurisdiction: '620102', roles: ['office'] })
        .expect(200)
    ).body.token;
    const res = await http
      .post('/api/awards/programs')
      .set('Authorization', `Bearer ${token}`)
      .send({
        programId: null,
        kind: 'civilized_community',
        level: 'county',
        title: '2025年度城关区文明社区',
        authority: '620102',
        cycle: { from: '2025-01-01', to: '2025-12-31' },
        quota: 3,
        eligibility: { noVeto: true },
      })
      .expect(201);
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(conforms(res.body, doc.components.schemas.CommandAnswer)).toEqual([]);
    await http.get(`/api/awards/programs/${res.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
  });
});
