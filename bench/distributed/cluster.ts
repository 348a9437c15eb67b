import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { seedRegion } from '@chuangwen/jurisdictions';
import { KafkaBus } from '@chuangwen/messaging/kafka';
import { MongoReadStore } from '@chuangwen/read-store/mongo';
import mongoose from 'mongoose';
import { productionTopics, startPlatformProcess } from '../../services/platform/src/testing/platform-process';

/**
 * The distributed mode as in production, on this machine: one event store file, an activities
 * process with the relay and a scoring process, Kafka topics and MongoDB databases of their own
 * (named after the run: `cw-bench-<id>`), all removed by `close`.
 */
export class Cluster {
  readonly run = `cw-bench-${process.env.BENCH_TAG ? `${process.env.BENCH_TAG}-` : ''}${randomUUID().slice(0, 8)}`;
  readonly prefix = `${this.run}.`;
  readonly dir = mkdtempSync(join(tmpdir(), 'cw-dist-'));
  readonly bus: KafkaBus;
  private readonly procs = new Map<string, ChildProcess>();
  readonly ports = new Map<string, number>();

  constructor(readonly options: { kafka: string; mongo: string; region: string }) {
    open.add(this);
    this.bus = new KafkaBus({ brokers: options.kafka, clientId: `${this.run}-admin`, log: () => undefined });
  }

  get eventsFile(): string {
    return join(this.dir, 'events.db');
  }

  mongoUrl(service: string): string {
    return Object.assign(new URL(this.options.mongo), { pathname: `/${this.run}-${service}` }).toString();
  }

  /** The scoring process's read models, to watch what its projections stored. */
  scoringReads(): MongoReadStore {
    return new MongoReadStore(this.mongoUrl('scoring'));
  }

  /** Seeds the region's registry into the event store and creates the topics. */
  async prepare(): Promise<void> {
    const store = new SqliteEventStore({ file: this.eventsFile });
    await seedRegion(store, this.options.region);
    await store.close();
    // As deploy/kafka-topics.txt creates them (the standards topic has one partition).
    await this.bus.ensureTopics(productionTopics(this.prefix));
  }

  /** Starts a process of the services listed (`activities,relay`, `scoring`), healthy when it resolves. */
  async start(services: string): Promise<number> {
    // PORT=0: the process binds a port the system picks and names it (no free port handed over).
    const proc = await startPlatformProcess(
      services,
      {
        MODE: 'distributed',
        SERVICES: services,
        AUTH_MODE: 'dev',
        LOG_LEVEL: process.env.BENCH_DEBUG ? 'log' : 'error',
        EVENT_STORE: 'sqlite',
        EVENT_STORE_FILE: this.eventsFile,
        KAFKA_BROKERS: this.options.kafka,
        MONGO_URL: this.mongoUrl(services.split(',')[0]),
        KAFKA_TOPIC_PREFIX: this.prefix,
        KAFKA_GROUP_PREFIX: this.run,
        RATE_LIMIT_PER_CLIENT: '0',
        RATE_LIMIT_PER_TOKEN: '0', // the bench measures the pipeline, not the limiter
      },
      180_000,
    );
    if (process.env.BENCH_DEBUG)
      proc.child.once('exit', () => writeFileSync(join(tmpdir(), `${this.run}-${services}.log`), proc.output()));
    this.procs.set(services, proc.child);
    this.ports.set(services, proc.port);
    const exited = proc.exited.then(({ code }) =>
      Promise.reject(new Error(`${services} exited (${code}) before it was healthy`)),
    );
    exited.catch(() => undefined);
    await Promise.race([ready(proc.port), exited]);
    return proc.port;
  }

  /** The consumer group of a projection in a process (as DistributedInfrastructureModule names it). */
  group(services: string, projection: string): string {
    return `${this.run}.${services.split(',').join('+')}.${projection}`;
  }

  async close(): Promise<void> {
    open.delete(this);
    for (const p of this.procs.values()) p.kill('SIGKILL');
    const conn = await mongoose
      .createConnection(this.options.mongo)
      .asPromise()
      .catch(() => undefined);
    for (const service of this.procs.keys())
      await conn
        ?.useDb(`${this.run}-${service.split(',')[0]}`)
        .dropDatabase()
        .catch(() => undefined);
    await conn?.destroy();
    await this.bus.deleteTopics(productionTopics(this.prefix).map((t) => t.topic)).catch(() => undefined);
    await this.bus.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Clusters not closed yet: an interrupted run (Ctrl-C) still stops its processes and drops its data. */
const open = new Set<Cluster>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void Promise.all([...open].map((c) => c.close())).finally(() => process.exit(130)));
}

export async function ready(port: number): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
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

/** The region's communities as the activities process's registry lists them. */
export async function communitiesOf(port: number, district: string): Promise<string[]> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${port}/api/jurisdictions/${district}`);
    if (res.status === 200) {
      const streets = ((await res.json()) as { children: { code: string }[] }).children;
      const out: string[] = [];
      for (const s of streets) {
        const r = await fetch(`http://127.0.0.1:${port}/api/jurisdictions/${s.code}`);
        if (r.status === 200)
          out.push(...((await r.json()) as { children: { code: string }[] }).children.map((c) => c.code));
      }
      if (out.length > 0) return out;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no communities of ${district} in the registry`);
}
