import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { seedRegion } from '@chuangwen/jurisdictions';
import { eventStoreSource, progressBar, ProjectionRunner } from '@chuangwen/projections';
import { MongoReadStore } from '@chuangwen/read-store/mongo';
import { scoringProjection } from '@chuangwen/scoring';
import { factEvents, toAppend } from '@chuangwen/scoring/testing';
import { loadShippedStandards } from '@chuangwen/scoring-engine';
import type { CommunityFacts } from '@chuangwen/scoring-engine';

export interface ThroughputResult {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/** A varied community: a year of activities, surveys, a facility or two, a problem now and then. */
export function randomFacts(i: number): CommunityFacts {
  const pick = <T>(xs: readonly T[]) => xs[(i * 7919) % xs.length];
  return {
    activities: {
      [`${pick(['culture_sports', 'moral_lecture', 'festival', 'citizen_school'])}|${i % 3 ? 'ordinary' : 'large'}|2025`]:
        1 + (i % 4),
    },
    surveys: {
      [pick(['awareness', 'participation', 'satisfaction_services'])]: {
        sample: 100 + (i % 50),
        positive: 80 + (i % 20),
        date: '2025-03-02',
      },
    },
    facilities: { [pick(['police_room', 'health_station', 'culture_room'])]: '2025-02-01' },
    ...(i % 5 === 0 ? { problems: { sanitation_dead_corner: { open: 1, overdue: 0 } } } : {}),
  };
}

/** Scoring projection throughput on MongoDB (FerretDB here): a rebuild over a generated log. */
export async function measureMongoThroughput(options: {
  mongo: string;
  region: string;
  events: number;
}): Promise<ThroughputResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-mongo-bench-'));
  const db = `cw-bench-${process.env.BENCH_TAG ? `${process.env.BENCH_TAG}-` : ''}${randomUUID().slice(0, 8)}`;
  const events = new SqliteEventStore({ file: join(dir, 'events.db'), now: () => new Date('2025-06-30T04:00:00Z') });
  const reads = new MongoReadStore(Object.assign(new URL(options.mongo), { pathname: `/${db}` }).toString());
  try {
    await seedRegion(events, options.region);
    const gansu = loadShippedStandards().find((s) => s.id === 'gansu-civilized-community')!;
    await events.append(
      'standard-gansu',
      [
        toAppend(
          {
            type: 'StandardPublished',
            version: 1,
            data: {
              standardId: gansu.id,
              version: gansu.version,
              issuingAuthority: gansu.issuingAuthority,
              effectiveFrom: gansu.effectiveFrom,
              document: gansu as never,
            },
          },
          '620000',
        ),
      ],
      { expectedRevision: 'any' },
    );
    const communities = (await events.readAll({ after: -1, maxCount: 1_000_000 }))
      .filter((e) => e.type === 'JurisdictionRegistered' && (e.data as { level: string }).level === 'community')
      .map((e) => (e.data as { code: string }).code);
    const generate = progressBar('generate');
    let written = 0;
    // 50 communities' worth of facts per append: the log is the measurement's input, not its subject.
    for (let i = 0; written < options.events; i += 50) {
      const code = communities[(i / 50) % communities.length];
      const batch = Array.from({ length: 50 }, (_, j) => factEvents(code, randomFacts(i + j)))
        .flat()
        .map((e) => toAppend(e, code));
      await events.append(`facts-${code}-${i}`, batch, { expectedRevision: 'no_stream' });
      written += batch.length;
      generate(Math.min(written, options.events), options.events);
    }
    const total = await events.headPosition();
    const runner = new ProjectionRunner(scoringProjection(), eventStoreSource(events), reads, { batchSize: 2000 });
    const bar = progressBar('scoring projection on MongoDB');
    const started = Date.now();
    await runner.rebuild((p) => bar(p.position, p.total, `${Math.round(p.eventsPerSecond)} ev/s`));
    const seconds = (Date.now() - started) / 1000;
    await runner.stop();
    return { events: total, seconds, eventsPerSecond: Math.round(total / seconds) };
  } finally {
    const conn = await mongoose
      .createConnection(options.mongo)
      .asPromise()
      .catch(() => undefined);
    await conn
      ?.useDb(db)
      .dropDatabase()
      .catch(() => undefined);
    await conn?.destroy();
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
