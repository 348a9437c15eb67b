import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { gridProblemId } from '@chuangwen/grid-link';
import { signBody } from '@chuangwen/webhooks';
import { KafkaBus } from '@chuangwen/messaging/kafka';
import type { IncomingMessage } from '@chuangwen/messaging';
import { evaluate, loadShippedStandards } from '@chuangwen/scoring-engine';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import { describeIntegration } from '@chuangwen/testing';
import { evolveFacts } from '../../../scoring/src/facts/evolve-facts';
import type { FactEvent } from '../../../scoring/src/facts/scoring-events';
import { e2eEventStore, E2eEventStore } from './e2e-event-store';
import {
  openScoreStream,
  PlatformProcess,
  productionTopics,
  ROOT,
  startPlatformProcess,
  stopPlatformProcess,
} from '../testing/platform-process';

const DISTRICT = '620102'; // 城关区, 兰州市: the shipped 甘肃 standard (issued by 620000) is in force there
const STREET = '620102001';
const COMMITTEES = 181;
const GANSU = loadShippedStandards().find((s) => s.id === 'gansu-civilized-community')!;

/**
 * The distributed mode across real processes on Kafka and MongoDB (FerretDB here): activities (with
 * the relay), inspections and scoring as separate Node processes, seeded with the README's command.
 * What a user reads is checked: a community's scorecard after activities and a survey (equal to the
 * scoring engine's evaluation of those facts), its street's and district's roll-ups, the ranking, and
 * the live stream, connected before the first event. Scoring is killed with SIGKILL mid-stream and
 * restarted: its figures must equal those of a scoring process that rebuilt from the first event.
 * SIGTERM with a stream open ends the process. Then a grid process takes signed reports (webhook and
 * grid.inbound) that an inspections process lists, and publishes them on grid.outbound. Last, a residents
 * process takes an Open311 request with a key it issued; once an office accepts it (立案) the inspections
 * process lists the problem and Open311 shows the request accepted.
 */
describeIntegration('kafka', 'distributed mode across processes', (kafka) => {
  const run = `cw-e2e-${randomUUID().slice(0, 8)}`;
  const prefix = `${run}.`;
  const topics = productionTopics(prefix);
  let dir: string;
  let events: E2eEventStore;
  let bus: KafkaBus;
  const procs = new Map<string, PlatformProcess>();
  const databases = new Set<string>();
  const mongo = (service: string) => {
    const base = process.env.MONGO_URL;
    if (!base) throw new Error('MONGO_URL is needed too (FerretDB or MongoDB)');
    const url = new URL(base);
    url.pathname = `/${run}-${service}`;
    databases.add(`${run}-${service}`);
    return url.toString();
  };

  const start = async (name: string, services: string, extra: Record<string, string> = {}) => {
    const p = await startPlatformProcess(name, {
      MODE: 'distributed',
      SERVICES: services,
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'warn',
      ...events.env,
      KAFKA_BROKERS: kafka(),
      MONGO_URL: mongo(name),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_PREFIX: run,
      ...extra,
    });
    procs.set(name, p);
    return p;
  };
  const stop = async (name: string, signal: NodeJS.Signals = 'SIGTERM') => {
    const p = procs.get(name);
    procs.delete(name);
    return p ? stopPlatformProcess(p, signal) : undefined;
  };
  const json = async (p: PlatformProcess, path: string, init: RequestInit = {}) => {
    const res = await fetch(p.url(path), init);
    const body = (await res.json().catch(() => undefined)) as any;
    return { status: res.status, body };
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const healthy = (p: PlatformProcess) =>
    until(`health of ${p.name}`, async () => ((await json(p, '/health')).status === 200 ? true : undefined)).catch(
      async (e) => {
        throw new Error(
          `${(e as Error).message}\n${JSON.stringify((await json(p, '/health').catch(() => undefined))?.body)}\n${p.output().slice(-2000)}`,
        );
      },
    );
  let token = '';
  const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const get = (p: PlatformProcess, path: string) =>
    json(p, path, { headers: auth() }).then((r) => (r.status === 200 ? r.body : undefined));
  const post = async (p: PlatformProcess, path: string, body: unknown) => {
    const r = await json(p, path, { method: 'POST', headers: auth(), body: JSON.stringify(body) });
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const held = (p: PlatformProcess, code: string) =>
    get(p, `/api/scores/${code}`).then((b) => b?.activities.held as number | undefined);

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'tools/build.js')], { cwd: ROOT, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'cw-dist-'));
    events = await e2eEventStore(run, dir);
    bus = new KafkaBus({ brokers: kafka(), clientId: `${run}-admin`, log: () => undefined });
    await bus.ensureTopics(topics);
  }, 120_000);

  afterAll(async () => {
    for (const name of [...procs.keys()]) await stop(name, 'SIGKILL');
    await bus?.deleteTopics(topics.map((t) => t.topic)).catch(() => undefined);
    await bus?.close();
    if (databases.size > 0) {
      const conn = await mongoose
        .createConnection(process.env.MONGO_URL!, { serverSelectionTimeoutMS: 10_000 })
        .asPromise();
      for (const name of databases)
        await conn
          .useDb(name)
          .dropDatabase()
          .catch(() => undefined);
      await conn.destroy();
    }
    await events?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('seeds with the README command; scorecards, roll-ups, rankings and the live stream follow activities and surveys; survives SIGKILL; equals a rebuild', async () => {
    const [commands, scoring] = await Promise.all([
      start('commands', 'activities,inspections,relay'),
      start('scoring', 'scoring'),
    ]);
    await Promise.all([healthy(commands), healthy(scoring)]);
    token = (
      await json(commands, '/api/auth/dev-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: 'e2e', jurisdiction: DISTRICT, roles: ['office'] }),
      })
    ).body.token;

    // Connected before the first event of the district: it must hear every score change.
    const stream = openScoreStream(scoring.url(`/api/stream/scores?code=${DISTRICT}&access_token=${token}`));
    await until('the stream to open', async () => (stream.text().includes('event: ready') ? true : undefined));
    const streamed = () =>
      stream.messages
        .filter((m) => m.includes('event: scores'))
        .map(
          (m) => JSON.parse(m.split('\ndata: ')[1]) as { position: number; changed: { kind: string; code: string }[] },
        );
    const streamedCommunities = (after = -1) =>
      new Set(
        streamed()
          .filter((m) => m.position >= after)
          .flatMap((m) => m.changed.filter((c) => c.kind === 'community').map((c) => c.code)),
      );

    // The README's distributed seed, as written there (with this run's event store).
    const seeded = execFileSync('npm', ['run', '--silent', 'seed', '--', '--region', DISTRICT], {
      cwd: ROOT,
      env: { ...process.env, MODE: 'distributed', ...events.env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(seeded).toMatch(new RegExp(`registered: .* ${COMMITTEES} committees`));

    // The whole registry in the commands process (it arrives a batch at a time).
    const committees = async (code: string) =>
      ((await get(commands, `/api/jurisdictions/${code}`))?.children ?? []) as { code: string }[];
    await until('the registry in the commands process', async () => {
      let n = 0;
      for (const street of await committees(DISTRICT)) n += (await committees(street.code)).length;
      return n === COMMITTEES ? true : undefined;
    });
    const communities = (await committees(STREET)).map((c) => c.code);
    const blank = evaluate(
      GANSU,
      {},
      (
        await until('a first scorecard', () =>
          get(scoring, `/api/scores/${communities[0]}`).then((b) => (b?.scorecard ? b : undefined)),
        )
      ).day,
    );
    // Every committee scored on registration, each heard on the stream.
    await until('every committee on the stream', async () =>
      streamedCommunities().size === COMMITTEES ? true : undefined,
    );
    const district0 = await until('the district roll-up of every committee', () =>
      get(scoring, `/api/scores/${DISTRICT}`).then((b) => (b?.figures.scored === COMMITTEES ? b : undefined)),
    );
    expect(district0.figures.meanTotal).toBeCloseTo(blank.total, 1);

    // One community's activities and a survey: its card is the engine's evaluation of those facts.
    const target = communities[1];
    const now = Date.now();
    const facts: FactEvent[] = [];
    for (let i = 0; i < 6; i++) {
      const activity = {
        communityCode: target,
        kind: 'culture_sports',
        scale: 'ordinary',
        title: `文体活动 ${i}`,
        organiser: '社区居委会',
        heldAt: new Date(now - (10 - i) * 60_000).toISOString(),
        participants: 30 + i,
      } as const;
      await post(commands, '/api/activities', activity);
      facts.push({ type: 'ActivityHeld', version: 1, data: { ...activity, activityId: '' } });
    }
    const day = blank.asOf.slice(0, 10);
    const survey = {
      communityCode: target,
      topic: 'sense_of_security',
      sampleSize: 200,
      positive: 190,
      conductedOn: day,
    };
    const recorded = await post(commands, '/api/surveys', survey);
    facts.push({
      type: 'SurveyRecorded',
      version: 2,
      data: { ...survey, surveyId: '', rate: 0.95, smallSample: false, periodStart: day },
    });
    const expected = evaluate(
      GANSU,
      facts.reduce((f, e) => evolveFacts(f, e), {} as CommunityFacts),
      day,
    );
    expect(expected.total).toBeGreaterThan(blank.total);

    let last: unknown;
    const card = await until('the scorecard with the activities and the survey', async () => {
      const b = (last = await get(scoring, `/api/scores/${target}`));
      return b?.activities.held === 6 && Math.abs(b.scorecard.total - expected.total) < 1e-6 ? b : undefined;
    }).catch((e) => {
      throw new Error(
        `${(e as Error).message}: expected total ${expected.total}, last ${JSON.stringify(last).slice(0, 600)}`,
      );
    });
    const final = card.scorecard;
    expect(final.standard.id).toBe(GANSU.id);
    expect(final.total).toBeCloseTo(expected.total, 6);
    const indicator = (id: string) => final.indicators.find((i: { id: string }) => i.id === id);
    for (const id of ['g5.3', 'g3.4'])
      expect(indicator(id)).toMatchObject({
        status: expected.indicators.find((i) => i.id === id)!.status,
        points: expected.indicators.find((i) => i.id === id)!.points,
      });
    expect(indicator('g5.3').status).toBe('met');

    // Its street's and district's roll-ups, and the rankings, move with it. MongoDB commits a batch
    // collection by collection (no transactions), and the card is evaluated from the stored facts, so
    // the roll-ups may follow the card a moment later: each figure is awaited, then checked.
    const settled = (path: string, done: (b: any) => boolean) => {
      let seen: unknown;
      return until(path, async () =>
        (seen = await get(scoring, path)) && done(seen) ? (seen as any) : undefined,
      ).catch((e) => {
        throw new Error(`${(e as Error).message}: last ${JSON.stringify(seen).slice(0, 800)}`);
      });
    };
    const mean = (n: number) => (expected.total + (n - 1) * blank.total) / n;
    const street = await settled(
      `/api/scores/${STREET}`,
      (b) => Math.abs(b.figures.meanTotal - mean(communities.length)) < 0.01,
    );
    expect(street.figures).toMatchObject({ communities: communities.length, scored: communities.length });
    const district = await settled(
      `/api/scores/${DISTRICT}`,
      (b) => Math.abs(b.figures.meanTotal - mean(COMMITTEES)) < 0.01,
    );
    expect(district.figures.meanTotal).toBeGreaterThan(district0.figures.meanTotal);
    expect(district.children[0]).toMatchObject({ rank: 1, code: STREET });
    const ranking = await settled(
      `/api/rankings/${DISTRICT}?level=community&limit=3`,
      (b) => b.items[0]?.code === target,
    );
    expect(ranking.items[0]).toMatchObject({ rank: 1, code: target });
    expect(ranking.items[0].total).toBeCloseTo(expected.total, 6);
    expect(ranking.items[1].total).toBeCloseTo(blank.total, 6);
    // The stream told of the change, after the survey's position.
    await until(
      'the survey on the stream',
      async () => (streamedCommunities(recorded.position ?? -1).has(target) ? true : undefined),
      30_000,
    );
    stream.close();

    // A burst across the street; scoring is killed while it is applying it, then restarted on the same group and database.
    const burst = 30;
    const before = (await held(scoring, DISTRICT))!;
    const posting = (async () => {
      for (let i = 0; i < burst; i++) {
        await post(commands, '/api/activities', {
          communityCode: communities[i % communities.length],
          kind: i % 2 ? 'culture_sports' : 'legal_education',
          scale: 'ordinary',
          title: `活动 ${i}`,
          organiser: '社区居委会',
          heldAt: new Date(Date.now() - 60_000).toISOString(),
          participants: 10 + i,
        });
      }
    })();
    await until('scoring to start on the burst', async () =>
      ((await held(scoring, DISTRICT)) ?? 0) > before ? true : undefined,
    );
    await stop('scoring', 'SIGKILL');
    await posting;
    const restarted = await start('scoring', 'scoring');
    await healthy(restarted);
    await until('every activity in the restarted scoring process', async () =>
      (await held(restarted, DISTRICT)) === before + burst ? true : undefined,
    );

    // A scoring process with a fresh database and its own consumer groups rebuilds from the first event.
    const rebuild = await start('rebuild', 'scoring', { KAFKA_GROUP_PREFIX: `${run}-rebuild` });
    await healthy(rebuild);
    await until('the rebuild to catch up', async () =>
      (await held(rebuild, DISTRICT)) === before + burst ? true : undefined,
    );
    const figures = async (p: PlatformProcess) => {
      const out: Record<string, unknown> = {};
      for (const code of [DISTRICT, STREET, ...communities]) out[code] = await get(p, `/api/scores/${code}`);
      out.ranking = await get(p, `/api/rankings/${DISTRICT}?level=community&limit=200`);
      out.streets = await get(p, `/api/rankings/${DISTRICT}`);
      return out;
    };
    const rebuilt = await until(
      'the rebuild to settle',
      async () => {
        const [a, b] = [await figures(restarted), await figures(rebuild)];
        return JSON.stringify(a) === JSON.stringify(b) ? b : undefined;
      },
      60_000,
    ).catch(async () => figures(rebuild));
    const live = await figures(restarted);
    expect(rebuilt).toEqual(live);
    expect((live[target] as { scorecard: { total: number } }).scorecard.total).toBeGreaterThanOrEqual(expected.total);
    expect((live[DISTRICT] as { figures: { scored: number } }).figures.scored).toBe(COMMITTEES);

    // SIGTERM with a stream open: the stream is ended and the process exits.
    const open = openScoreStream(rebuild.url(`/api/stream/scores?access_token=${token}`));
    await until('the stream to open', async () => (open.text().includes('event: ready') ? true : undefined));
    const exit = await Promise.race([
      stop('rebuild', 'SIGTERM'),
      new Promise<undefined>((r) => void setTimeout(() => r(undefined), 30_000).unref()),
    ]);
    expect(exit).toBeDefined();
    await open.ended;
  }, 600_000);

  it('takes grid reports in a grid process (webhook and grid.inbound), lists them in the inspections process, publishes them on grid.outbound', async () => {
    const client = {
      keyId: 'wg-chengguan-001',
      secret: 'grid-secret-for-the-e2e-0123456789abcdef',
      jurisdiction: STREET,
    };
    const outbound: IncomingMessage[] = [];
    const watch = await bus.consume({
      groupId: `${run}.watch.grid.outbound`,
      topics: [`${prefix}grid.outbound`],
      handle: async (m) => void outbound.push(...m),
    });
    const [grid, inspections] = await Promise.all([
      start('grid', 'grid', { GRID_CLIENTS: JSON.stringify([client]), GRID_DISPATCH_INTERVAL_MS: '200' }),
      start('inspections', 'inspections'),
    ]);
    await Promise.all([healthy(grid), healthy(inspections)]);
    const community = await until('the registry in the grid process', async () => {
      const r = await json(grid, `/api/jurisdictions/${STREET}`);
      return r.status === 200 && r.body.children.length > 0 ? (r.body.children[0].code as string) : undefined;
    });
    const report = (eventId: string) =>
      JSON.stringify({
        eventId,
        classCode: '0201',
        gridCellId: `${community}-01`,
        communityCode: community,
        description: '电线杆上张贴小广告',
        reportedAt: '2025-06-01T09:30:00+08:00',
      });
    const signed = (body: string) => {
      const ts = String(Math.floor(Date.now() / 1000));
      return {
        'x-grid-key-id': client.keyId,
        'x-grid-timestamp': ts,
        'x-grid-signature': signBody(client.secret, ts, body),
      };
    };
    const body = report('CG-0001');
    const posted = await json(grid, '/api/integrations/grid/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signed(body) },
      body,
    });
    expect(posted.status).toBe(201);
    const viaKafka = report('CG-0002');
    await bus.publish(`${prefix}grid.inbound`, [{ key: 'CG-0002', value: viaKafka, headers: signed(viaKafka) }]);

    token = (
      await json(inspections, '/api/auth/dev-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: 'e2e', jurisdiction: DISTRICT, roles: ['office'] }),
      })
    ).body.token;
    for (const problemId of [posted.body.problemId as string, gridProblemId(client.keyId, 'CG-0002')]) {
      const shown = await until(`problem ${problemId} in the inspections process`, async () => {
        const r = await json(inspections, `/api/rectifications/${problemId}`, { headers: auth() });
        return r.status === 200 ? r.body : undefined;
      });
      expect(shown).toMatchObject({ source: 'grid', category: 'illegal_posting', communityCode: community });
      await until(`problem ${problemId} registered on grid.outbound`, async () =>
        outbound.some((m) => m.key === problemId && m.headers['ce-type'] === 'cn.chuangwen.problem.registered')
          ? true
          : undefined,
      );
    }
    await watch.stop();
  }, 180_000);
  it('takes an Open311 request in a residents process; accepted (立案), the inspections process lists the problem and Open311 shows it accepted', async () => {
    const [residents, inspections] = await Promise.all([
      start('residents', 'residents'),
      procs.get('inspections') ?? start('inspections', 'inspections'),
    ]);
    await Promise.all([healthy(residents), healthy(inspections)]);
    const { code: community, name: committee } = await until('the registry in the residents process', async () => {
      const r = await json(residents, `/api/jurisdictions/${STREET}`);
      return r.status === 200 && r.body.children.length > 2
        ? (r.body.children[2] as { code: string; name: string })
        : undefined;
    });
    token = (
      await json(residents, '/api/auth/dev-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: 'e2e', jurisdiction: DISTRICT, roles: ['office'] }),
      })
    ).body.token;
    const { apiKey } = await post(residents, '/api/residents/open311/keys', {
      jurisdiction: DISTRICT,
      clientName: '城关区12345政务服务便民热线',
    });

    // A 12345 platform posts a form, as the spec says; refused (403) until the key has come back over Kafka.
    const form = new URLSearchParams({
      api_key: apiKey,
      service_code: 'littering',
      address_id: community,
      lat: '36.0611',
      long: '103.8343',
      address_string: '和平路12号东侧',
      description: '小区门口垃圾堆放多日无人清理，联系电话13812345678',
    });
    const created = await until('the key in the residents process', async () => {
      const r = await json(residents, '/open311/v2/requests.json', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      return r.status === 201 ? r.body : undefined;
    });
    expect(created).toEqual([{ service_request_id: expect.any(String), service_notice: '已收到，待街道或文明办立案' }]);
    const id: string = created[0].service_request_id;
    const request = (query: string) =>
      json(residents, `/open311/v2/requests.json?${query}`).then((r) =>
        r.status === 200 ? (r.body as Record<string, unknown>[]).find((q) => q.service_request_id === id) : undefined,
      );
    const submitted = await until('the request in GET requests.json', () => request(`jurisdiction_id=${DISTRICT}`));
    expect(submitted).toMatchObject({
      status: 'open',
      status_notes: '已收到，待立案',
      service_code: 'littering',
      address_id: community,
      address: '和平路12号东侧',
      lat: 36.0611,
      long: 103.8343,
      description: '小区门口垃圾堆放多日无人清理，联系电话138****5678',
    });

    // 立案 by the district office, in the residents process: the problem is recorded under the request's id.
    const accepted = await post(residents, `/api/residents/reports/${id}/accept`, { note: '属实，立案交社区整改' });
    expect(accepted).toMatchObject({
      problemId: id,
      events: expect.arrayContaining(['ResidentReportAccepted', 'ProblemRecorded']),
    });
    const problem = await until(`problem ${id} in the inspections process`, async () => {
      const r = await json(inspections, `/api/rectifications/${id}`, { headers: auth() });
      return r.status === 200 ? r.body : undefined;
    });
    expect(problem).toMatchObject({ source: 'resident', category: 'littering', communityCode: community });
    const followed = await until('the acceptance in Open311', async () => {
      const r = await json(residents, `/open311/v2/requests/${id}.json?api_key=${encodeURIComponent(apiKey)}`);
      return r.status === 200 && (r.body[0].status_notes as string).startsWith('已立案') ? r.body[0] : undefined;
    });
    expect(followed).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '已立案；属实，立案交社区整改',
      agency_responsible: committee,
    });
    expect(await request(`api_key=${encodeURIComponent(apiKey)}&status=open`)).toMatchObject({
      status_notes: followed.status_notes,
    });
  }, 180_000);

  // ── The reports service (SERVICES=reports) ──────────────────────────────────────────────────────────
  // A reports process keeps the read models the reports read (scoring's, inspections', volunteers',
  // awards') in its own database, from Kafka; what the office downloads from it must be what the scoring
  // process says. Uses the commands and scoring processes of the first test.
  it('serves the office’s Excel ranking from a reports process, equal to the scoring process after a survey', async () => {
    const commands = procs.get('commands');
    const scoring = procs.get('scoring');
    if (!commands || !scoring) throw new Error('the first test leaves the commands and scoring processes running');
    const reports = await start('reports', 'reports');
    await healthy(reports);
    const health = (await json(reports, '/health')).body;
    expect(health.services).toEqual(['reports']);
    const running = health.projections.map((p: { name: string; state: string }) => `${p.name} ${p.state}`);
    for (const name of [
      'jurisdictions',
      'scoring.activity-tallies',
      'inspections.lists',
      'inspections.rectification-counts',
      'volunteers.figures',
      'awards.nominations',
      'awards.coverage',
    ])
      expect(running).toContain(`${name} running`);
    expect(running.join()).not.toMatch(/awards\.title-removal|notifications\./);

    token = (
      await json(commands, '/api/auth/dev-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: 'e2e-reports', jurisdiction: DISTRICT, roles: ['office'] }),
      })
    ).body.token;
    const total = (code: string) =>
      get(scoring, `/api/scores/${code}`).then((b) => b?.scorecard?.total as number | undefined);
    const workbook = async (path: string) => {
      const res = await fetch(reports.url(path), { headers: auth() });
      if (res.status !== 200) return undefined;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
      return wb;
    };
    // The office's table: 社区排名 of the street, one row per community (名次, …, 代码, 名称, 总分, …).
    const rankingSheet = async () => {
      const ws = (await workbook(`/api/xlsx/rankings/${STREET}?level=community&limit=1000`))?.getWorksheet('社区排名');
      if (!ws) return undefined;
      const rows: { rank: number; code: string; total: number }[] = [];
      ws.eachRow((row, n) => {
        if (n > 1)
          rows.push({
            rank: row.getCell(1).value as number,
            code: row.getCell(4).value as string,
            total: row.getCell(6).value as number,
          });
      });
      return rows;
    };

    // A survey in a community that has none: 群众安全感 (g3.4) is met, its total rises in scoring.
    const children = ((await get(scoring, `/api/jurisdictions/${STREET}`))?.children ?? []) as { code: string }[];
    const community = children.at(-1)!.code;
    const before = (await total(community))!;
    await post(commands, '/api/surveys', {
      communityCode: community,
      topic: 'sense_of_security',
      sampleSize: 200,
      positive: 190,
      conductedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
    });
    const after = await until(
      'the survey in the scoring process',
      async () => {
        const t = await total(community);
        return t !== undefined && t > before ? t : undefined;
      },
      30_000,
    );

    // The reports process follows on its own: its sheet shows the new total, then settles to scoring's
    // ranking row for row (other tests' events on other partitions may still be on their way).
    let sheet: Awaited<ReturnType<typeof rankingSheet>>;
    await until(
      'the survey in the reports process',
      async () => {
        sheet = await rankingSheet();
        const shown = sheet?.find((r) => r.code === community)?.total;
        return shown !== undefined && Math.abs(shown - after) < 1e-9 ? true : undefined;
      },
      45_000,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}: scoring ${after}, reports ${JSON.stringify(sheet).slice(0, 600)}`);
    });
    const ranking = async () =>
      ((await get(scoring, `/api/rankings/${STREET}?level=community&limit=1000`))?.items ?? []).map(
        ({ rank, code, total }: { rank: number; code: string; total: number }) => ({ rank, code, total }),
      );
    let expected: Awaited<ReturnType<typeof ranking>> = [];
    await until(
      'the reports sheet to equal the scoring ranking',
      async () => {
        [sheet, expected] = [await rankingSheet(), await ranking()];
        return JSON.stringify(sheet) === JSON.stringify(expected) ? true : undefined;
      },
      30_000,
    ).catch(() => undefined);
    expect(sheet!).toEqual(expected);
    expect(sheet!.length).toBe(children.length);
    expect(sheet!.find((r) => r.code === community)!.total).toBeCloseTo((await total(community))!, 9);
    // It reads only: no other context's commands are served there.
    for (const path of ['/api/surveys', '/api/activities', '/api/awards/programs'])
      expect((await json(reports, path, { method: 'POST', headers: auth(), body: '{}' })).status).toBe(404);
  }, 120_000);
});
