import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { startPlatform, TestPlatform } from './testing/platform';

const DISTRICT = '620102';
const STREET = '620102001';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A real JPEG with EXIF capture time and GPS (what a phone writes), made with sharp. */
const photo = (
  colour: string,
  at = '2025:06:01 10:30:00',
  gps = { lat: '36/1 3/1 4000/100', lng: '103/1 50/1 360/100' },
) =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .withExif({
      IFD0: { Make: 'Test' },
      IFD2: { DateTimeOriginal: at },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: gps.lat, GPSLongitudeRef: 'E', GPSLongitude: gps.lng },
    })
    .jpeg()
    .toBuffer();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('evidence over HTTP: upload, reference, verify, thumbnail, scope, types and limits', () => {
  let platform: TestPlatform;
  let dir: string;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let c: string[];
  const tokens: Record<string, string> = {};
  const clock = new ManualClock(new Date('2025-06-01T02:00:00Z')); // 10:00 China time
  const as = (who: string) => ({ Authorization: tokens[who] });
  const upload = (who: string, file: Buffer, fields: Record<string, string>, name = 'photo.jpg') => {
    const r = http.post('/api/evidence').set(as(who)).attach('file', file, name);
    for (const [k, v] of Object.entries(fields)) r.field(k, v);
    return r;
  };

  beforeAll(async () => {
    platform = await startPlatform({
      name: 'evidence',
      clock,
      region: DISTRICT,
      settings: { OVERDUE_SCAN_INTERVAL_MS: 0, EVIDENCE_MAX_BYTES: 200_000 },
    });
    ({ http, store, dir } = platform);
    c = await platform.children(STREET);
    const token = async (sub: string, jurisdiction: string, role: string) =>
      (tokens[sub] = await platform.bearer(jurisdiction, [role], sub));
    await token('office', DISTRICT, 'office');
    await token('inspector', DISTRICT, 'inspector');
    await token('street', STREET, 'street');
    await token('staff', c[0], 'community');
    await token('neighbour', c[1], 'community');
    await token('outsider', '620103', 'office');
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('upload → a problem referencing it → verified → thumbnail, with the EXIF time and place, once per content', async () => {
    await http
      .put(`/api/jurisdictions/${c[0]}/location`)
      .set(as('street'))
      .send({ lat: 36.0611, lng: 103.8343 })
      .expect(200);
    const inspection = (
      await http
        .post('/api/inspections')
        .set(as('inspector'))
        .send({ communityCode: c[0], kind: 'field_inspection', plannedOn: '2025-06-01', inspectors: ['张三'] })
        .expect(201)
    ).body.id;
    await http.post(`/api/inspections/${inspection}/start`).set(as('inspector')).expect(200);

    const jpeg = await photo('#4a7');
    const first = await upload('inspector', jpeg, { community: c[0], inspectionId: inspection }).expect(201);
    expect(first.body).toMatchObject({
      id: `sha256:${sha(jpeg)}`,
      sha256: sha(jpeg),
      size: jpeg.length,
      type: 'image/jpeg',
      capturedAt: '2025-06-01T10:30:00+08:00',
      capturedAtSource: 'exif',
      locationSource: 'exif',
      uploadedBy: 'inspector',
      uploadedAt: '2025-06-01T02:00:00.000Z',
      url: `/api/evidence/${sha(jpeg)}`,
      thumbnail: `/api/evidence/${sha(jpeg)}/thumbnail`,
      flags: [],
      duplicate: false,
      community: c[0],
    });
    expect(first.body.location.lat).toBeCloseTo(36.0611, 4);
    expect(first.body.location.lng).toBeCloseTo(103.8343, 4);

    // The same bytes again (an offline queue resending): the same id, no second event, one file.
    const before = await store.headPosition();
    const again = await upload('inspector', jpeg, { community: c[0], inspectionId: inspection }).expect(201);
    expect(again.body).toMatchObject({ id: first.body.id, duplicate: true, uploadedAt: first.body.uploadedAt });
    expect(await store.headPosition()).toBe(before);
    expect(readdirSync(join(dir, 'evidence', sha(jpeg).slice(0, 2)))).toEqual([sha(jpeg)]);

    const problem = await http
      .post('/api/problems')
      .set(as('inspector'))
      .send({
        communityCode: c[0],
        category: 'stairwell_blocked',
        description: '楼道堆物',
        source: 'inspector',
        foundOn: '2025-06-01',
        inspectionId: inspection,
        evidence: [{ kind: 'photo', ref: first.body.id }],
      })
      .expect(201);
    const view = (
      await http.get(`/api/problems?jurisdictionCode=${c[0]}`).set(as('staff')).expect(200)
    ).body.items.find((p: { problemId: string }) => p.problemId === problem.body.id);
    expect(view.evidence).toEqual([{ kind: 'photo', ref: first.body.id }]);

    // Anyone with the record checks the photo is the one recorded.
    const record = (
      await http
        .get(`/api/evidence/${sha(jpeg)}/record`)
        .set(as('staff'))
        .expect(200)
    ).body;
    expect(record).toMatchObject({
      id: first.body.id,
      verified: true,
      verification: { algorithm: 'SHA-256', recorded: sha(jpeg), stored: sha(jpeg), storedSize: jpeg.length },
    });
    const bytes = await http
      .get(`/api/evidence/${sha(jpeg)}`)
      .set(as('staff'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(bytes.headers['content-type']).toBe('image/jpeg');
    expect(sha(bytes.body)).toBe(sha(jpeg));
    const thumb = await http
      .get(`/api/evidence/${sha(jpeg)}/thumbnail`)
      .set(as('staff'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumb.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);
  });

  it('health says whether files can be stored, and is degraded when they cannot', async () => {
    const connection = async () =>
      (await http.get('/health')).body.connections.find((c: { name: string }) => c.name === 'evidence');
    expect(await connection()).toMatchObject({ name: 'evidence', kind: 'files', up: true });
    // The evidence folder replaced by a file: nothing can be stored there, whoever runs the tests.
    renameSync(join(dir, 'evidence'), join(dir, 'evidence.aside'));
    writeFileSync(join(dir, 'evidence'), 'not a folder');
    try {
      expect(await connection()).toMatchObject({ up: false, error: expect.stringMatching(/ENOTDIR/) });
      expect((await http.get('/health')).status).toBe(503);
    } finally {
      rmSync(join(dir, 'evidence'));
      renameSync(join(dir, 'evidence.aside'), join(dir, 'evidence'));
    }
    expect(await connection()).toMatchObject({ up: true });
  });

  it('a stored file altered on disk is no longer verified', async () => {
    const jpeg = await photo('#a47');
    const h = (
      await upload('staff', jpeg, {
        community: c[0],
        capturedAt: '2025-06-01T09:00:00+08:00',
        lat: '36.0512',
        lng: '103.8344',
      }).expect(201)
    ).body.sha256;
    const path = join(dir, 'evidence', h.slice(0, 2), h);
    chmodSync(path, 0o644);
    writeFileSync(path, Buffer.concat([jpeg, Buffer.from('x')]));
    const record = (await http.get(`/api/evidence/${h}/record`).set(as('office')).expect(200)).body;
    expect(record.verified).toBe(false);
    expect(record.verification.stored).not.toBe(h);
  });

  it('flags a capture before the inspection started and one far from the community; says when the centre is unknown', async () => {
    const inspection = (
      await http
        .post('/api/inspections')
        .set(as('inspector'))
        .send({ communityCode: c[0], kind: 'field_inspection', plannedOn: '2025-06-01', inspectors: ['张三'] })
        .expect(201)
    ).body.id;
    await http.post(`/api/inspections/${inspection}/start`).set(as('inspector')).expect(200); // 10:00 China time
    const early = await upload('inspector', await photo('#47a', '2025:06:01 08:15:00'), {
      community: c[0],
      inspectionId: inspection,
    }).expect(201);
    expect(early.body.flags.map((f: { code: string }) => f.code)).toEqual(['captured_before_inspection']);
    const far = await upload('inspector', await photo('#7a4'), {
      community: c[0],
      inspectionId: inspection,
      lat: '36.0800',
      lng: '103.8343',
      capturedAt: '2025-06-01T10:05:00+08:00',
    }).expect(201);
    expect(far.body.flags).toEqual([
      expect.objectContaining({
        code: 'far_from_community',
        message: expect.stringMatching(/captured 2\d{3} m from .*tolerance 500 m/),
      }),
    ]);
    const unknown = await upload('neighbour', await photo('#777'), { community: c[1] }).expect(201);
    expect(unknown.body.flags.map((f: { code: string }) => f.code)).toEqual(['community_location_unknown']);
    // The flags are on the record anyone in scope reads.
    expect(
      (await http.get(`/api/evidence/${early.body.sha256}/record`).set(as('staff')).expect(200)).body.flags[0].code,
    ).toBe('captured_before_inspection');
  });

  it('types come from the bytes: a .jpg that is a PDF is a PDF, an EXE is refused (422 on file), nothing written', async () => {
    const pdf = await upload('staff', PDF, { community: c[0] }, 'notice.jpg').expect(201);
    expect(pdf.body.type).toBe('application/pdf');
    const pdfBytes = await http
      .get(`/api/evidence/${pdf.body.sha256}`)
      .set(as('staff'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdfBytes.headers['content-type']).toBe('application/pdf');
    expect(
      (await http.get(`/api/evidence/${pdf.body.sha256}/thumbnail`).set(as('staff')).expect(200)).headers[
        'content-type'
      ],
    ).toBe('image/jpeg');

    const before = await store.headPosition();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]);
    const refused = await upload('staff', exe, { community: c[0] }, 'photo.jpg').expect(422);
    expect(refused.body.details).toEqual({ field: 'file' });
    expect(refused.body.message).toMatch(/Windows executable/);
    expect(existsSync(join(dir, 'evidence', sha(exe).slice(0, 2), sha(exe)))).toBe(false);
    expect(await store.headPosition()).toBe(before);
  });

  it('a file over EVIDENCE_MAX_BYTES is a 413 naming file; bad fields are 400s naming them', async () => {
    const before = await store.headPosition();
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(250_000)]);
    const tooLarge = await upload('staff', big, { community: c[0] }).expect(413);
    expect(tooLarge.body.errors).toEqual([
      { field: 'file', messages: [expect.stringMatching(/larger than 200000 bytes/)] },
    ]);
    const jpeg = await photo('#123');
    const bad = await upload('staff', jpeg, { community: '6201', capturedAt: '2025-06-01 10:00', lat: '91' }).expect(
      400,
    );
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'capturedAt',
      'community',
      'lat',
      'lng',
    ]);
    const none = await http.post('/api/evidence').set(as('staff')).field('community', c[0]).expect(400);
    expect(none.body.errors[0].field).toBe('file');
    await http.post('/api/evidence').set(as('staff')).send({ community: c[0] }).expect(400);
    expect(await store.headPosition()).toBe(before);
  });

  it('scope: nobody uploads for, or reads, a community outside their jurisdiction; records refuse unknown or foreign refs', async () => {
    const jpeg = await photo('#321');
    const mine = (await upload('staff', jpeg, { community: c[0] }).expect(201)).body;
    const before = await store.headPosition();
    await upload('staff', await photo('#322'), { community: c[1] }).expect(403);
    await upload('outsider', await photo('#323'), { community: c[0] }).expect(403);
    await http.get(`/api/evidence/${mine.sha256}`).set(as('neighbour')).expect(403);
    await http.get(`/api/evidence/${mine.sha256}/thumbnail`).set(as('outsider')).expect(403);
    await http.get(`/api/evidence/${mine.sha256}/record`).set(as('neighbour')).expect(403);
    await http
      .get(`/api/evidence/${'0'.repeat(64)}/record`)
      .set(as('office'))
      .expect(404);
    await http.get('/api/evidence/not-a-hash').set(as('office')).expect(400);
    await http.get(`/api/evidence/${mine.sha256}`).expect(401);

    // A record may reference only evidence uploaded for its own community.
    const record = (ref: string) =>
      http
        .post('/api/problems')
        .set(as('inspector'))
        .send({
          communityCode: c[1],
          category: 'stairwell_blocked',
          description: '楼道堆物',
          source: 'inspector',
          foundOn: '2025-06-01',
          evidence: [
            { kind: 'photo', ref: 'photo-1' },
            { kind: 'photo', ref },
          ],
        });
    const foreign = await record(mine.id).expect(422);
    expect(foreign.body.details).toEqual({ field: 'evidence.1.ref' });
    const unknown = await record(`sha256:${'1'.repeat(64)}`).expect(422);
    expect(unknown.body.message).toMatch(/no evidence sha256:1{64} was uploaded/);
    expect(await store.headPosition()).toBe(before);
    // The street above both communities reads both.
    await http.get(`/api/evidence/${mine.sha256}`).set(as('street')).expect(200);
  });
});

/** supertest's parser for a binary body: the bytes as sent. */
function binary(res: request.Response, done: (e: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
