import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { factEvents, toAppend } from '@chuangwen/scoring/testing';
import { EVENT_CSV_COLUMNS, COMMUNITY_COLUMNS } from '@chuangwen/analytics';
import { strongCommunity } from '../../../libs/scoring-engine/src/spec/communities';
import { startPlatform, TestPlatform } from './testing/platform';

// 城关区 (620102) of 兰州市; 七里河区 (620103) is its sibling, outside a 城关区 analyst's reach.
const DISTRICT = '620102';
const STREET = '620102001';

describe('exports for analysts: events as NDJSON/CSV, score snapshots as CSV, a read-only role', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  let store: EventStore;
  let communities: string[];
  let analyst: string;
  const clock = new ManualClock(new Date('2025-06-30T02:00:00Z'));
  const token = async (jurisdiction: string, roles: string[]) =>
    `Bearer ${
      (
        await http
          .post('/api/auth/dev-token')
          .send({ sub: `t-${jurisdiction}`, jurisdiction, roles })
          .expect(200)
      ).body.token
    }`;

  beforeAll(async () => {
    platform = await startPlatform({ name: 'exports', clock, region: '6201' }); // all of 兰州市
    ({ http, store } = platform);
    const { host } = platform;
    communities = (await http.get(`/api/jurisdictions/${STREET}`)).body.children.map((c: { code: string }) => c.code);
    for (const e of factEvents(communities[0], strongCommunity()))
      await store.append(`facts-${communities[0]}`, [toAppend(e, communities[0])], { expectedRevision: 'any' });
    await host.waitForCatchUp();
    analyst = await token(DISTRICT, ['analyst']);
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('streams the events of the analyst’s jurisdiction as NDJSON, filtered by type', async () => {
    const res = await http
      .get('/api/exports/events?types=SurveyRecorded,ActivityHeld')
      .set('Authorization', analyst)
      .expect(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const events = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['SurveyRecorded', 'ActivityHeld']));
    expect(events.every((e) => e.metadata.jurisdictionCode.startsWith(DISTRICT))).toBe(true);
    expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort((a, b) => a - b));
  });

  it('exports CSV with a header, and the registry of a district as rows', async () => {
    const res = await http
      .get(`/api/exports/events?format=csv&types=JurisdictionRegistered&jurisdiction=${DISTRICT}`)
      .set('Authorization', analyst)
      .expect(200);
    const rows = res.text.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe(EVENT_CSV_COLUMNS.join(','));
    const registered = (await http.get(`/api/jurisdictions/${DISTRICT}`)).body;
    expect(rows.length - 1).toBeGreaterThan(registered.children.length); // the district, its streets and their committees
  });

  it('refuses what is outside the analyst’s jurisdiction, and bad filters, field by field', async () => {
    await http.get('/api/exports/events?jurisdiction=620103').set('Authorization', analyst).expect(403);
    const bad = await http
      .get('/api/exports/events?format=xml&from=yesterday&jurisdiction=62')
      .set('Authorization', analyst)
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/format/);
    expect(JSON.stringify(bad.body)).toMatch(/from/);
    expect(JSON.stringify(bad.body)).toMatch(/jurisdiction/);
    await http.get('/api/exports/scores/620103').set('Authorization', analyst).expect(403);
    await http.get(`/api/exports/scores/${STREET}?level=district`).set('Authorization', analyst).expect(422);
  });

  it('exports a score snapshot of a street’s communities, now and as of an earlier day', async () => {
    const now = (await http.get(`/api/exports/scores/${STREET}`).set('Authorization', analyst).expect(200)).text
      .split('\r\n')
      .filter(Boolean);
    expect(now[0]).toBe(COMMUNITY_COLUMNS.join(','));
    expect(now).toHaveLength(communities.length + 1);
    const strong = now.find((r) => r.startsWith(communities[0]))!.split(',');
    const card = (await http.get(`/api/scores/${communities[0]}`).set('Authorization', analyst).expect(200)).body
      .scorecard;
    expect(+strong[COMMUNITY_COLUMNS.indexOf('total')]).toBeCloseTo(card.total, 6);
    expect(strong[COMMUNITY_COLUMNS.indexOf('passed')]).toBe('true');
    const before = (
      await http.get(`/api/exports/scores/${STREET}?asOf=2024-12-31`).set('Authorization', analyst).expect(200)
    ).text
      .split('\r\n')
      .filter(Boolean);
    expect(before.find((r) => r.startsWith(communities[0]))!.split(',')[COMMUNITY_COLUMNS.indexOf('passed')]).toBe(
      'false',
    );
    const streets = (
      await http.get(`/api/exports/scores/${DISTRICT}?level=street`).set('Authorization', analyst).expect(200)
    ).text
      .split('\r\n')
      .filter(Boolean);
    expect(streets.slice(1).map((r) => r.split(',')[0])).toContain(STREET);
  });

  it('exports a snapshot as known at an instant, and refuses a standard not in force or an instant without offset', async () => {
    const passed = async (query: string) => {
      const rows = (
        await http.get(`/api/exports/scores/${STREET}${query}`).set('Authorization', analyst).expect(200)
      ).text
        .split('\r\n')
        .filter(Boolean);
      return rows.find((r) => r.startsWith(communities[0]))!.split(',')[COMMUNITY_COLUMNS.indexOf('passed')];
    };
    // Its facts were all recorded at 10:00 China time on 30 June.
    expect(await passed('?knownAt=2025-06-30T09:59:59%2B08:00')).toBe('false');
    expect(await passed('?knownAt=2025-06-30T10:00:00%2B08:00')).toBe('true');
    const bad = await http
      .get(`/api/exports/scores/${STREET}?knownAt=2025-06-30T10:00:00`)
      .set('Authorization', analyst)
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('knownAt');
    await http.get(`/api/exports/scores/${STREET}?standard=yizhou-community`).set('Authorization', analyst).expect(422);
  });

  it('lets the analyst role read and export, never write', async () => {
    const res = await http
      .post('/api/activities')
      .set('Authorization', analyst)
      .send({ communityCode: communities[0] })
      .expect(403);
    expect(res.body.message).toMatch(/may only read/);
    await http.post('/api/standards').set('Authorization', analyst).send({}).expect(403);
    const community = await token(DISTRICT, ['community']);
    await http.get('/api/exports/events').set('Authorization', community).expect(403); // exports are for offices and analysts
  });
});
