import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@chuangwen/event-store';
import { seedRegion } from '@chuangwen/jurisdictions';
import { CONTEXTS, KafkaBus } from '@chuangwen/messaging';
import { progressBar } from '@chuangwen/projections';
import { percentile } from './stats';

const MAIN = resolve(__dirname, '../../services/platform/src/main.js');

export interface LagResult {
  readonly rate: number;
  readonly seconds: number;
  readonly sent: number;
  readonly seen: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Event-to-score lag through Kafka and MongoDB: an activities process (with the relay) and a
 * scoring process, as in production; activities are posted at a steady rate and each one's lag is
 * the time from the POST's answer to the scoring process serving the community's figures with it.
 */
export async function measureLag(options: { kafka: string; mongo: string; rate: number; seconds: number; region: string }): Promise<LagResult> {
  const run = `cw-bench-${randomUUID().slice(0, 8)}`;
  const prefix = `${run}.`;
  const dir = mkdtempSync(join(tmpdir(), 'cw-lag-'));
  const procs: ChildProcess[] = [];
  const bus = new KafkaBus({ brokers: options.kafka, clientId: `${run}-admin`, log: () => undefined });
  const mongo = (service: string) => Object.assign(new URL(options.mongo), { pathname: `/${run}-${service}` }).toString();
  try {
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await seedRegion(store, options.region);
    await store.close();
    await bus.ensureTopics([...CONTEXTS.map((c) => ({ topic: `${prefix}${c}`, partitions: 6 })), { topic: `${prefix}dead-letter`, partitions: 1 }]);
    const start = (port: number, services: string) => {
      const env = {
        ...process.env, MODE: 'distributed', SERVICES: services, PORT: String(port), HOST: '127.0.0.1', AUTH_MODE: 'dev', LOG_LEVEL: process.env.BENCH_DEBUG ? "log" : "error",
        EVENT_STORE: 'sqlite', EVENT_STORE_FILE: join(dir, 'events.db'), KAFKA_BROKERS: options.kafka, MONGO_URL: mongo(services.split(',')[0]),
        KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_PREFIX: run,
      };
      const log = process.env.BENCH_DEBUG ? openSync(join(tmpdir(), `cw-bench-${port}.log`), 'w') : 'ignore';
      procs.push(spawn(process.execPath, [MAIN], { env, stdio: ['ignore', log, log] }));
    };
    // Ports the OS hands out: a stale process of an earlier run on a fixed port would answer instead.
    const [A, S] = [await freePort(), await freePort()];
    start(A, 'activities,relay');
    start(S, 'scoring');
    const exited = new Promise<never>((_, reject) => procs.forEach((p) => p.once('exit', (code) => reject(new Error(`a service process exited (${code}) before the measurement`)))));
    exited.catch(() => undefined);
    await Promise.race([Promise.all([ready(A), ready(S)]), exited]);
    const token = ((await post(A, '/api/auth/dev-token', { sub: 'bench', jurisdiction: options.region, roles: ['office'] })) as { token: string }).token;
    const communities = await communitiesOf(A, options.region);

    // Each activity's lag: from the POST's answer (activities process) to the scoring process serving
    // the community's figures with it (GET /api/scores/{community}: its activities.held count).
    // Polled every 20 ms; at most one activity per community is pending, so counts are unambiguous.
    const pending = new Map<string, { at: number; held: number }>();
    const sent = new Map<string, number>();
    const lags: number[] = [];
    let running = true;
    let deadline = Infinity;
    const polling = (async () => {
      while (running || pending.size > 0) {
        await Promise.all([...pending].map(async ([code, p]) => {
          const res = await fetch(`http://127.0.0.1:${S}/api/scores/${code}?year=2025`, { headers: { authorization: `Bearer ${token}` } });
          const body = res.ok ? ((await res.json()) as { activities?: { held?: number } }) : undefined;
          if ((body?.activities?.held ?? 0) >= p.held && pending.get(code) === p) {
            lags.push(Date.now() - p.at);
            pending.delete(code);
          }
        }));
        if (!running && Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const total = Math.round(options.rate * options.seconds);
    const bar = progressBar('lag through Kafka+Mongo');
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / options.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const code = communities.find((c) => !pending.has(c));
      if (!code) continue; // every community has one in flight: the scoring side is far behind
      await post(A, '/api/activities', {
        communityCode: code, kind: 'culture_sports', scale: 'ordinary', title: `bench ${i}`, organiser: 'bench', heldAt: '2025-05-20T09:00:00+08:00', participants: 10,
      }, token);
      const held = (sent.get(code) ?? 0) + 1;
      sent.set(code, held);
      pending.set(code, { at: Date.now(), held });
      bar(i + 1, total);
    }
    deadline = Date.now() + 30_000;
    running = false;
    await polling;
    lags.sort((a, b) => a - b);
    return { rate: options.rate, seconds: options.seconds, sent: [...sent.values()].reduce((a, b) => a + b, 0), seen: lags.length, p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags[lags.length - 1] ?? NaN };
  } finally {
    procs.forEach((p) => p.kill('SIGKILL'));
    await bus.deleteTopics(CONTEXTS.map((c) => `${prefix}${c}`).concat(`${prefix}dead-letter`)).catch(() => undefined);
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function ready(port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status === 200).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`process on ${port} did not become healthy`);
}

export async function post(port: number, path: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function communitiesOf(port: number, district: string): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${port}/api/jurisdictions/${district}`);
    if (res.status === 200) {
      const streets = ((await res.json()) as { children: { code: string }[] }).children;
      const out: string[] = [];
      for (const s of streets) {
        const r = await fetch(`http://127.0.0.1:${port}/api/jurisdictions/${s.code}`);
        if (r.status === 200) out.push(...((await r.json()) as { children: { code: string }[] }).children.map((c) => c.code));
      }
      if (out.length > 0) return out;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no communities of ${district} in the registry`);
}
