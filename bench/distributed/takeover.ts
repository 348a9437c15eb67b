import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { seedRegion } from '@chuangwen/jurisdictions';
import { KafkaBus } from '@chuangwen/messaging/kafka';
import { communitiesOf, post, ready } from './cluster';
import { productionTopics, startPlatformProcess } from '../../services/platform/src/testing/platform-process';

/** One activity: when it was answered (s since the kill, negative before) and how long until it was served (ms). */
export interface LagPoint {
  readonly at: number;
  readonly lagMs: number;
}

export interface TakeoverResult {
  readonly rate: number;
  readonly killAt: number;
  readonly seconds: number;
  readonly points: readonly LagPoint[];
  /** Activities answered after the kill that were never served within the run. */
  readonly unseen: number;
  /** The largest lag of an activity answered after the kill: how long the killed replica's partitions went unserved. */
  readonly worstAfterKillMs: number;
  /** When (s after the kill) lags were back under a second for good. */
  readonly recoveredAt: number;
}

/**
 * Takeover after a SIGKILL: a relay process and two replicas of the activities service in one
 * consumer group (they split the six partitions of chuangwen.activities) on one MongoDB database.
 * Activities are posted at a steady rate to the replica that survives; each one's lag runs from the
 * POST's answer to the activity list (`GET /api/activities?communityCode=…`) showing it. At `killAt`
 * s the other replica is SIGKILLed: the activities on its partitions wait until the group hands them
 * to the survivor (session timeout, then a rebalance).
 */
export async function measureTakeover(options: {
  kafka: string;
  mongo: string;
  region: string;
  rate: number;
  killAt: number;
  seconds: number;
}): Promise<TakeoverResult> {
  const run = `cw-bench-takeover-${randomUUID().slice(0, 8)}`;
  const prefix = `${run}.`;
  const dir = mkdtempSync(join(tmpdir(), 'cw-takeover-'));
  const procs: ChildProcess[] = [];
  const bus = new KafkaBus({ brokers: options.kafka, clientId: `${run}-admin`, log: () => undefined });
  const mongo = (name: string) => Object.assign(new URL(options.mongo), { pathname: `/${run}-${name}` }).toString();
  try {
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await seedRegion(store, options.region);
    await store.close();
    await bus.ensureTopics(productionTopics(prefix));
    // PORT=0: each process binds a port the system picks and names it (no free port handed over).
    const start = (services: string, database: string) =>
      startPlatformProcess(
        `${services}@${database}`,
        {
          MODE: 'distributed',
          SERVICES: services,
          AUTH_MODE: 'dev',
          LOG_LEVEL: process.env.BENCH_DEBUG ? 'log' : 'error',
          EVENT_STORE: 'sqlite',
          EVENT_STORE_FILE: join(dir, 'events.db'),
          KAFKA_BROKERS: options.kafka,
          MONGO_URL: mongo(database),
          KAFKA_TOPIC_PREFIX: prefix,
          KAFKA_GROUP_PREFIX: run,
          RATE_LIMIT_PER_CLIENT: '0',
          RATE_LIMIT_PER_TOKEN: '0',
        },
        180_000,
      ).then((p) => (procs.push(p.child), p));
    const [relay, first, second] = await Promise.all([
      start('relay', 'relay'),
      start('activities', 'activities'),
      start('activities', 'activities'),
    ]);
    const [R, A, B] = [relay.port, first.port, second.port];
    const victim = second.child;
    await Promise.all([ready(R), ready(A), ready(B)]);
    const token = (
      (await post(A, '/api/auth/dev-token', { sub: 'bench', jurisdiction: options.region, roles: ['office'] })) as {
        token: string;
      }
    ).token;
    const communities = await communitiesOf(A, options.region);
    await new Promise((r) => setTimeout(r, 3000)); // the group settles: both replicas hold partitions

    const total = async (code: string) => {
      const res = await fetch(`http://127.0.0.1:${A}/api/activities?communityCode=${code}&limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return res.ok ? ((await res.json()) as { total: number }).total : -1;
    };
    // At most one activity per community pending, so a count tells whether it is served.
    const pending = new Map<string, { at: number; count: number }>();
    const sent = new Map<string, number>();
    const points: LagPoint[] = [];
    const started = Date.now();
    const killTime = started + options.killAt * 1000;
    let posting = true;
    const polling = (async () => {
      while (posting || (pending.size > 0 && Date.now() < started + (options.seconds + 30) * 1000)) {
        await Promise.all(
          [...pending].map(async ([code, p]) => {
            if ((await total(code).catch(() => -1)) >= p.count && pending.get(code) === p) {
              points.push({ at: (p.at - killTime) / 1000, lagMs: Date.now() - p.at });
              pending.delete(code);
            }
          }),
        );
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    let killed = false;
    for (let i = 0; Date.now() < started + options.seconds * 1000; i++) {
      const due = started + (i * 1000) / options.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (!killed && Date.now() >= killTime) {
        victim.kill('SIGKILL');
        killed = true;
      }
      // Round the communities (not the first free one): their keys cover every partition.
      const code = communities.map((_, k) => communities[(i + k) % communities.length]).find((c) => !pending.has(c));
      if (!code) continue;
      await post(
        A,
        '/api/activities',
        {
          communityCode: code,
          kind: 'culture_sports',
          scale: 'ordinary',
          title: `takeover ${i}`,
          organiser: 'bench',
          heldAt: '2025-05-20T09:00:00+08:00',
          participants: 10,
        },
        token,
      );
      const count = (sent.get(code) ?? 0) + 1;
      sent.set(code, count);
      pending.set(code, { at: Date.now(), count });
    }
    posting = false;
    await polling;
    points.sort((x, y) => x.at - y.at);
    const after = points.filter((p) => p.at >= 0);
    const lastSlow = [...after].reverse().find((p) => p.lagMs >= 1000);
    return {
      rate: options.rate,
      killAt: options.killAt,
      seconds: options.seconds,
      points,
      unseen: pending.size,
      worstAfterKillMs: Math.max(0, ...after.map((p) => p.lagMs)),
      recoveredAt: lastSlow ? lastSlow.at + lastSlow.lagMs / 1000 : 0,
    };
  } finally {
    procs.forEach((p) => p.kill('SIGKILL'));
    await bus.deleteTopics(productionTopics(prefix).map((t) => t.topic)).catch(() => undefined);
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same around the group alone: two consumer replicas (child processes, the Kafka bus with the
 * given session and heartbeat) share a six-partition topic; a message is published every
 * `1000 / rate` ms with a random key, and each one's lag is from publishing to the first replica
 * handing it over. At `killAt` s one replica is SIGKILLed. No read store in the way, so the lag after
 * the kill is the group's takeover, not a slow projection's backlog.
 */
export async function measureReplicaTakeover(options: {
  kafka: string;
  rate: number;
  killAt: number;
  seconds: number;
  sessionMs: number;
  heartbeatMs: number;
}): Promise<TakeoverResult> {
  const run = `cw-bench-i17b-replicas-${randomUUID().slice(0, 8)}`;
  const bus = new KafkaBus({ brokers: options.kafka, clientId: `${run}-bench`, log: () => undefined });
  const children: ChildProcess[] = [];
  try {
    await bus.ensureTopics([{ topic: run, partitions: 6 }]);
    const sentAt = new Map<number, number>();
    const lags = new Map<number, number>();
    const replica = (n: number) =>
      new Promise<ChildProcess>((ready, failed) => {
        const env = {
          ...process.env,
          BROKERS: options.kafka,
          CLIENT_ID: `${run}-${n}`,
          GROUP: `${run}.group`,
          TOPIC: run,
          SESSION_MS: String(options.sessionMs),
          HEARTBEAT_MS: String(options.heartbeatMs),
        };
        const child = spawn(process.execPath, [join(__dirname, 'replica.js')], {
          env,
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        children.push(child);
        child.on('message', (m: { ready?: boolean; got?: number[]; at?: number }) => {
          if (m.ready) ready(child);
          for (const i of m.got ?? []) if (!lags.has(i)) lags.set(i, m.at! - sentAt.get(i)!);
        });
        child.once('exit', (code) => failed(new Error(`replica ${n} exited (${code}) before it joined`)));
      });
    await replica(1);
    const victim = await replica(2);
    await new Promise((r) => setTimeout(r, 5000)); // the second join's rebalance settles
    const started = Date.now();
    const killTime = started + options.killAt * 1000;
    let killed = false;
    for (let i = 0; Date.now() < started + options.seconds * 1000; i++) {
      const due = started + (i * 1000) / options.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (!killed && Date.now() >= killTime) {
        victim.kill('SIGKILL');
        killed = true;
      }
      sentAt.set(i, Date.now());
      await bus.publish(run, [{ key: randomUUID(), value: JSON.stringify({ i }) }]);
    }
    const deadline = Date.now() + options.sessionMs * 2 + 30_000;
    while (lags.size < sentAt.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const points = [...lags]
      .map(([i, lagMs]) => ({ at: (sentAt.get(i)! - killTime) / 1000, lagMs }))
      .sort((x, y) => x.at - y.at);
    const after = points.filter((p) => p.at >= 0);
    const lastSlow = [...after].reverse().find((p) => p.lagMs >= 1000);
    return {
      rate: options.rate,
      killAt: options.killAt,
      seconds: options.seconds,
      points,
      unseen: sentAt.size - lags.size,
      worstAfterKillMs: Math.max(0, ...after.map((p) => p.lagMs)),
      recoveredAt: lastSlow ? lastSlow.at + lastSlow.lagMs / 1000 : 0,
    };
  } finally {
    children.forEach((c) => c.kill('SIGKILL'));
    await bus.deleteTopics([run]).catch(() => undefined);
    await bus.close();
  }
}

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly result: TakeoverResult;
}

/** Lag against the time a message was sent, the kill marked, one colour per series: a small SVG. */
export function takeoverSvg(series: readonly Series[], title: string): string {
  const [w, h, left, right, top, bottom] = [760, 340, 56, 16, 52, 44];
  const { killAt, seconds } = series[0].result;
  const minX = -killAt;
  const maxX = seconds - killAt;
  const all = series.flatMap((s) => s.result.points);
  const maxY = Math.max(2, Math.ceil(Math.max(...all.map((p) => p.lagMs)) / 1000) + 1);
  const x = (s: number) => left + ((s - minX) / (maxX - minX)) * (w - left - right);
  const y = (ms: number) => h - bottom - (ms / 1000 / maxY) * (h - top - bottom);
  const ticksX = Array.from(
    { length: Math.floor((maxX - minX) / 5) + 1 },
    (_, i) => Math.ceil(minX / 5) * 5 + i * 5,
  ).filter((s) => s <= maxX);
  const stepY = maxY > 24 ? 5 : maxY > 10 ? 2 : 1;
  const ticksY = Array.from({ length: Math.floor(maxY / stepY) + 1 }, (_, i) => i * stepY);
  const f = (n: number) => n.toFixed(1);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`,
    `<rect width="${w}" height="${h}" fill="#fff"/>`,
    `<text x="${left}" y="18" font-size="13" font-weight="bold">${title}</text>`,
    ...series.map(
      (s, i) =>
        `<circle cx="${left + 6 + i * 300}" cy="34" r="4" fill="${s.color}"/><text x="${left + 14 + i * 300}" y="38">${s.label}</text>`,
    ),
    ...ticksY.map(
      (t) =>
        `<line x1="${left}" x2="${w - right}" y1="${f(y(t * 1000))}" y2="${f(y(t * 1000))}" stroke="#eee"/><text x="${left - 6}" y="${f(y(t * 1000) + 4)}" text-anchor="end">${t} s</text>`,
    ),
    ...ticksX.map((t) => `<text x="${f(x(t))}" y="${h - bottom + 16}" text-anchor="middle">${t}</text>`),
    `<text x="${(left + w - right) / 2}" y="${h - 8}" text-anchor="middle">seconds since the SIGKILL (message sent)</text>`,
    `<text x="14" y="${(top + h - bottom) / 2}" transform="rotate(-90 14 ${(top + h - bottom) / 2})" text-anchor="middle">lag until handled</text>`,
    `<line x1="${f(x(0))}" x2="${f(x(0))}" y1="${top}" y2="${h - bottom}" stroke="#c00" stroke-dasharray="4 3"/><text x="${f(x(0) + 4)}" y="${top + 10}" fill="#c00">SIGKILL of one of two replicas</text>`,
    `<line x1="${left}" x2="${w - right}" y1="${h - bottom}" y2="${h - bottom}" stroke="#333"/>`,
    ...series.flatMap((s) =>
      s.result.points.map(
        (p) => `<circle cx="${f(x(p.at))}" cy="${f(y(p.lagMs))}" r="2" fill="${s.color}" fill-opacity="0.7"/>`,
      ),
    ),
    '</svg>',
    '',
  ].join('\n');
}
