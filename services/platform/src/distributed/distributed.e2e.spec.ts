import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedRegion } from '@chuangwen/jurisdictions';
import { gridProblemId, signBody } from '@chuangwen/grid-link';
import { CONTEXTS, KafkaBus } from '@chuangwen/messaging';
import type { IncomingMessage } from '@chuangwen/messaging';
import { describeIntegration } from '@chuangwen/testing';
import { e2eEventStore, E2eEventStore } from './e2e-event-store';

const ROOT = resolve(__dirname, '../../../..');
const MAIN = join(ROOT, 'dist/services/platform/src/main.js');
const DISTRICT = '321282'; // 靖江市
const STREET = '321282001';

/**
 * The distributed mode across real processes: activities (with the relay) and scoring as separate
 * Node processes on Kafka and MongoDB (FerretDB here), on PostgreSQL where POSTGRES_URL is set, else
 * sharing a SQLite event store file (e2e-event-store.ts). Then scoring is killed with SIGKILL
 * mid-stream and restarted: its figures must equal those of a scoring process that rebuilt from the
 * first event. Then a grid process takes signed reports (webhook and grid.inbound) that an inspections
 * process lists, and publishes them on grid.outbound.
 */
describeIntegration('kafka', 'distributed mode across processes', (kafka) => {
  const run = `cw-e2e-${randomUUID().slice(0, 8)}`;
  const prefix = `${run}.`;
  const topics = [...CONTEXTS.map((c) => `${prefix}${c}`), `${prefix}grid.inbound`, `${prefix}grid.outbound`];
  let dir: string;
  let events: E2eEventStore;
  let bus: KafkaBus;
  const procs = new Map<string, ChildProcess>();
  const outputs = new Map<string, () => string>();
  const mongo = (service: string) => {
    const base = process.env.MONGO_URL;
    if (!base) throw new Error('MONGO_URL is needed too (FerretDB or MongoDB)');
    const url = new URL(base);
    url.pathname = `/${run}-${service}`;
    return url.toString();
  };

  const start = (name: string, port: number, services: string, extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env, MODE: 'distributed', SERVICES: services, PORT: String(port), HOST: '127.0.0.1', AUTH_MODE: 'dev', LOG_LEVEL: 'warn',
        ...events.env, KAFKA_BROKERS: kafka(), MONGO_URL: mongo(name),
        KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_PREFIX: run, ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    outputs.set(name, () => output);
    child.on('exit', (code, signal) => {
      if (code && code !== 0) console.error(`${name} exited ${code} ${signal ?? ''}\n${output.slice(-3000)}`);
    });
    procs.set(name, child);
    return child;
  };
  const stop = async (name: string, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = procs.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
    procs.delete(name);
  };
  const url = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;
  const json = async (port: number, path: string, init: RequestInit = {}) => {
    const res = await fetch(url(port, path), init);
    const body = (await res.json().catch(() => undefined)) as any;
    return { status: res.status, body };
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const healthy = (port: number, name: string) =>
    until(`health on ${port}`, async () => ((await json(port, '/health')).status === 200 ? true : undefined)).catch(async (e) => {
      throw new Error(`${(e as Error).message}\n${JSON.stringify((await json(port, '/health').catch(() => undefined))?.body)}\n${outputs.get(name)?.().slice(-2000)}`);
    });
  let token = '';
  const auth = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const heldAt = (port: number, code: string) =>
    json(port, `/api/scores/${code}?year=2025`, { headers: auth() }).then((r) => (r.status === 200 ? (r.body.activities.held as number) : undefined));

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'tools/build.js')], { cwd: ROOT, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'cw-dist-'));
    events = await e2eEventStore(run, dir);
    const store = events.open();
    await seedRegion(store, DISTRICT);
    await store.close();
    bus = new KafkaBus({ brokers: kafka(), clientId: `${run}-admin`, log: () => undefined });
    await bus.ensureTopics([...topics.map((topic) => ({ topic, partitions: 3 })), { topic: `${prefix}dead-letter`, partitions: 1 }]);
  }, 120_000);

  afterAll(async () => {
    for (const name of [...procs.keys()]) await stop(name, 'SIGKILL');
    await bus?.deleteTopics(topics.concat(`${prefix}dead-letter`)).catch(() => undefined);
    await bus?.close();
    await events?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('posts to the activities process and sees the score change in the scoring process; survives SIGKILL; equals a rebuild', async () => {
    start('activities', 39301, 'activities,relay');
    start('scoring', 39302, 'scoring');
    await Promise.all([healthy(39301, 'activities'), healthy(39302, 'scoring')]);
    token = (await json(39301, '/api/auth/dev-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'e2e', jurisdiction: DISTRICT, roles: ['office'] }) })).body.token;
    const communities = await until('the registry in the activities process', async () => {
      const r = await json(39301, `/api/jurisdictions/${STREET}`);
      return r.status === 200 && r.body.children.length > 0 ? (r.body.children as { code: string }[]).map((c) => c.code) : undefined;
    });
    const activity = (code: string, i: number) => ({
      communityCode: code, kind: i % 2 ? 'culture_sports' : 'moral_lecture', scale: i % 3 ? 'ordinary' : 'large', title: `活动 ${i}`,
      organiser: '社区居委会', heldAt: '2025-05-20T09:00:00+08:00', participants: 10 + i,
    });

    const first = await json(39301, '/api/activities', { method: 'POST', headers: auth(), body: JSON.stringify(activity(communities[0], 0)) });
    expect(first.status).toBe(201);
    await until('the first activity in the scoring process', async () => ((await heldAt(39302, communities[0])) === 1 ? true : undefined));

    // A burst; scoring is killed while it is applying it, then restarted on the same group and database.
    const burst = 40;
    const posting = (async () => {
      for (let i = 1; i <= burst; i++) {
        const r = await json(39301, '/api/activities', { method: 'POST', headers: auth(), body: JSON.stringify(activity(communities[i % communities.length], i)) });
        if (r.status !== 201) throw new Error(`post ${i}: ${r.status}`);
      }
    })();
    await until('scoring to start on the burst', async () => (((await heldAt(39302, STREET)) ?? 0) > 1 ? true : undefined));
    await stop('scoring', 'SIGKILL');
    await posting;
    start('scoring', 39302, 'scoring');
    await healthy(39302, 'scoring');
    await until('every activity in the restarted scoring process', async () => ((await heldAt(39302, DISTRICT)) === burst + 1 ? true : undefined));

    // A scoring process with a fresh database and its own consumer groups rebuilds from the first event.
    start('rebuild', 39303, 'scoring', { KAFKA_GROUP_PREFIX: `${run}-rebuild` });
    await healthy(39303, 'rebuild');
    await until('the rebuild to catch up', async () => ((await heldAt(39303, DISTRICT)) === burst + 1 ? true : undefined));
    for (const code of [DISTRICT, STREET, communities[0], communities[1]]) {
      const [live, rebuilt] = await Promise.all([json(39302, `/api/scores/${code}?year=2025`, { headers: auth() }), json(39303, `/api/scores/${code}?year=2025`, { headers: auth() })]);
      expect(live.status).toBe(200);
      expect(rebuilt.body).toEqual(live.body);
    }
  }, 300_000);

  it('takes grid reports in a grid process (webhook and grid.inbound), lists them in the inspections process, publishes them on grid.outbound', async () => {
    const client = { keyId: 'wg-jingjiang-001', secret: 'grid-secret-for-the-e2e-0123456789abcdef', jurisdiction: STREET };
    start('grid', 39304, 'grid', { GRID_CLIENTS: JSON.stringify([client]), GRID_DISPATCH_INTERVAL_MS: '200' });
    start('inspections', 39305, 'inspections');
    const outbound: IncomingMessage[] = [];
    const watch = await bus.consume({ groupId: `${run}.watch.grid.outbound`, topics: [`${prefix}grid.outbound`], handle: async (m) => void outbound.push(...m) });
    await Promise.all([healthy(39304, 'grid'), healthy(39305, 'inspections')]);
    const community = await until('the registry in the grid process', async () => {
      const r = await json(39304, `/api/jurisdictions/${STREET}`);
      return r.status === 200 && r.body.children.length > 0 ? (r.body.children[0].code as string) : undefined;
    });
    const report = (eventId: string) => JSON.stringify({ eventId, classCode: '0201', gridCellId: `${community}-01`, communityCode: community, description: '电线杆上张贴小广告', reportedAt: '2025-06-01T09:30:00+08:00' });
    const signed = (body: string) => {
      const ts = String(Math.floor(Date.now() / 1000));
      return { 'x-grid-key-id': client.keyId, 'x-grid-timestamp': ts, 'x-grid-signature': signBody(client.secret, ts, body) };
    };
    const body = report('JJ-0001');
    const posted = await json(39304, '/api/integrations/grid/events', { method: 'POST', headers: { 'content-type': 'application/json', ...signed(body) }, body });
    expect(posted.status).toBe(201);
    const viaKafka = report('JJ-0002');
    await bus.publish(`${prefix}grid.inbound`, [{ key: 'JJ-0002', value: viaKafka, headers: signed(viaKafka) }]);

    token = (await json(39305, '/api/auth/dev-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub: 'e2e', jurisdiction: DISTRICT, roles: ['office'] }) })).body.token;
    for (const problemId of [posted.body.problemId as string, gridProblemId(client.keyId, 'JJ-0002')]) {
      const shown = await until(`problem ${problemId} in the inspections process`, async () => {
        const r = await json(39305, `/api/rectifications/${problemId}`, { headers: auth() });
        return r.status === 200 ? r.body : undefined;
      });
      expect(shown).toMatchObject({ source: 'grid', category: 'illegal_posting', communityCode: community });
      await until(`problem ${problemId} registered on grid.outbound`, async () => (outbound.some((m) => m.key === problemId && m.headers['ce-type'] === 'cn.chuangwen.problem.registered') ? true : undefined));
    }
    await watch.stop();
  }, 120_000);
});
