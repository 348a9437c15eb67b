import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { SqliteEventStore } from '@chuangwen/event-store';
import { seedRegion } from '@chuangwen/jurisdictions';
import { KafkaBus } from '@chuangwen/messaging';
import { progressBar } from '@chuangwen/projections';
import { openScoreStream, PlatformProcess, productionTopics, startPlatformProcess } from '../../services/platform/src/testing/platform-process';
import { percentile } from './stats';

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
 * Event-to-scorecard lag through Kafka and MongoDB: an activities process (with the relay) and a
 * scoring process, as in production, on topics with production's partition counts
 * (deploy/kafka-topics.txt: the standards topic has one). Activities are posted at a steady rate;
 * each one's lag runs from the POST's answer to the scoring process's live stream announcing the
 * community's scorecard committed at or past the activity's position: what a dashboard sees, with no
 * polling load on the scoring process.
 */
export async function measureLag(options: { kafka: string; mongo: string; rate: number; seconds: number; region: string }): Promise<LagResult> {
  const run = `cw-bench-${randomUUID().slice(0, 8)}`;
  const prefix = `${run}.`;
  const dir = mkdtempSync(join(tmpdir(), 'cw-lag-'));
  const procs: PlatformProcess[] = [];
  const topics = productionTopics(prefix);
  const bus = new KafkaBus({ brokers: options.kafka, clientId: `${run}-admin`, log: () => undefined });
  const mongo = (service: string) => Object.assign(new URL(options.mongo), { pathname: `/${run}-${service}` }).toString();
  let stream: ReturnType<typeof openScoreStream> | undefined;
  try {
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await seedRegion(store, options.region);
    await store.close();
    await bus.ensureTopics(topics);
    const start = (services: string) =>
      startPlatformProcess(services, {
        MODE: 'distributed', SERVICES: services, AUTH_MODE: 'dev', LOG_LEVEL: process.env.BENCH_DEBUG ? 'log' : 'error',
        EVENT_STORE: 'sqlite', EVENT_STORE_FILE: join(dir, 'events.db'), KAFKA_BROKERS: options.kafka, MONGO_URL: mongo(services.split(',')[0]),
        KAFKA_TOPIC_PREFIX: prefix, KAFKA_GROUP_PREFIX: run,
        RATE_LIMIT_PER_CLIENT: '0', RATE_LIMIT_PER_TOKEN: '0', // the bench measures lag, not the limiter
      }).then((p) => (procs.push(p), p));
    // Each process binds a port the system picks and names it (no free port handed over: EADDRINUSE).
    const [A, S] = await Promise.all([start('activities,relay'), start('scoring')]);
    await Promise.all([ready(A), ready(S)]);
    const token = ((await post(A, '/api/auth/dev-token', { sub: 'bench', jurisdiction: options.region, roles: ['office'] })) as { token: string }).token;
    const communities = await communitiesOf(A, options.region);
    await scored(S, token, communities[communities.length - 1]);

    // Posted activities waiting for their community's scorecard, by community: [position, answered at].
    const pending = new Map<string, [number, number][]>();
    const lags: number[] = [];
    stream = openScoreStream(S.url(`/api/stream/scores?code=${options.region}&access_token=${token}`), (message) => {
      if (!message.includes('event: scores')) return;
      const now = Date.now();
      const { position, changed } = JSON.parse(message.split('\ndata: ')[1]) as { position: number; changed: { kind: string; code: string }[] };
      for (const c of changed) {
        const waiting = c.kind === 'community' ? pending.get(c.code) : undefined;
        if (!waiting) continue;
        const left = waiting.filter(([p, at]) => (p <= position ? (lags.push(now - at), false) : true));
        if (left.length) pending.set(c.code, left);
        else pending.delete(c.code);
      }
    });

    const total = Math.round(options.rate * options.seconds);
    const bar = progressBar('scorecard lag through Kafka+Mongo');
    const started = Date.now();
    let sent = 0;
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / options.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const code = communities[i % communities.length];
      const answer = (await post(A, '/api/activities', {
        communityCode: code, kind: 'culture_sports', scale: 'ordinary', title: `bench ${i}`, organiser: 'bench', heldAt: new Date(Date.now() - 60_000).toISOString(), participants: 10,
      }, token)) as { position: number };
      const answered = Date.now();
      const list = pending.get(code) ?? pending.set(code, []).get(code)!;
      list.push([answer.position, answered]);
      sent++;
      bar(i + 1, total);
    }
    const deadline = Date.now() + 60_000;
    while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    lags.sort((a, b) => a - b);
    return { rate: options.rate, seconds: options.seconds, sent, seen: lags.length, p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags[lags.length - 1] ?? NaN };
  } finally {
    stream?.close();
    procs.forEach((p) => p.child.kill('SIGKILL'));
    await bus.deleteTopics(topics.map((t) => t.topic)).catch(() => undefined);
    await bus.close();
    // The run's databases go too: the server is often shared.
    const conn = await mongoose.createConnection(options.mongo, { serverSelectionTimeoutMS: 10_000 }).asPromise().catch(() => undefined);
    for (const service of ['activities', 'scoring']) await conn?.useDb(`${run}-${service}`).dropDatabase().catch(() => undefined);
    await conn?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ready(p: PlatformProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ok = await fetch(p.url('/health')).then((r) => r.status === 200).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${p.name} did not become healthy`);
}

/** Waits until the scoring process has scored the region's last community (the registry caught up). */
async function scored(p: PlatformProcess, token: string, code: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const res = await fetch(p.url(`/api/scores/${code}`), { headers: { authorization: `Bearer ${token}` } });
    if (res.ok && ((await res.json()) as { scorecard: unknown }).scorecard) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${code} was never scored`);
}

async function post(p: PlatformProcess, path: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(p.url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function communitiesOf(p: PlatformProcess, district: string): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(p.url(`/api/jurisdictions/${district}`));
    if (res.status === 200) {
      const streets = ((await res.json()) as { children: { code: string }[] }).children;
      const out: string[] = [];
      for (const s of streets) {
        const r = await fetch(p.url(`/api/jurisdictions/${s.code}`));
        if (r.status === 200) out.push(...((await r.json()) as { children: { code: string }[] }).children.map((c) => c.code));
      }
      if (out.length > 0) return out;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no communities of ${district} in the registry`);
}
