import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameBasedId } from '@chuangwen/contracts';
import type { EventToAppend } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { seedRegion } from '@chuangwen/jurisdictions';
import { progressBar } from '@chuangwen/projections';
import { loadShippedStandards } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';
import { BENCH_STANDARD_ID, DAYS, FactLogGenerator, loadCommunities, Planned, WINDOW_START } from './generate';
import type { BenchOptions } from './options';

/** What a prepared data folder holds; a run with the same options reuses it. */
export interface Manifest {
  readonly region: string;
  readonly events: number;
  readonly seed: number;
  readonly communities: number;
  readonly registryEvents: number;
  readonly head: number;
  readonly counts: Record<string, number>;
  readonly seconds: { seed: number; generate: number };
}

const MANIFEST_VERSION = 1;
export const eventsFile = (data: string) => join(data, 'events.db');

/** Seeds the tree, publishes the standards, writes the fact events; or reuses a matching folder. */
export async function prepare(o: BenchOptions, log: (line: string) => void): Promise<Manifest> {
  const manifestFile = join(o.data, 'manifest.json');
  if (existsSync(manifestFile) && !o.fresh) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest & { version: number };
    if (m.version === MANIFEST_VERSION && m.region === o.region && m.events === o.events && m.seed === o.seed) {
      log(`reusing ${o.data} (${m.head + 1} events; --fresh to regenerate)`);
      return m;
    }
  }
  rmSync(o.data, { recursive: true, force: true });
  mkdirSync(o.data, { recursive: true });
  let clock = WINDOW_START - 86_400_000;
  const store = new SqliteEventStore({ file: eventsFile(o.data), now: () => new Date(clock) });
  try {
    let t = Date.now();
    const seeded = await seedRegion(store, o.region, progressBar(`seed ${o.region || 'country'} (district streams)`));
    const registryEvents = (await store.headPosition()) + 1;
    const seedSeconds = (Date.now() - t) / 1000;
    log(
      `seeded ${registryEvents} JurisdictionRegistered events in ${seedSeconds.toFixed(1)} s (${seeded.registered.community} communities)`,
    );
    await publishStandards(store);

    t = Date.now();
    const communities = await loadCommunities(o.region);
    const generator = new FactLogGenerator(communities, o.seed);
    const counts: Record<string, number> = {};
    const bar = progressBar(`generate ${o.events} fact events`);
    let written = 0;
    for (let day = 0; day < DAYS && written < o.events; day++) {
      const target = Math.round(((day + 1) * o.events) / DAYS) - written;
      const planned = generator.day(day, target).slice(0, o.events - written);
      // One transaction per chunk; the store stamps each chunk with the time of its last event.
      for (let i = 0; i < planned.length; i += 5000) {
        const chunk = planned.slice(i, i + 5000);
        clock = chunk[chunk.length - 1].at;
        await store.appendMany(chunk.map(toAppend));
        chunk.forEach((p) => (counts[p.event.type] = (counts[p.event.type] ?? 0) + 1));
        written += chunk.length;
        bar(written, o.events);
      }
    }
    const manifest: Manifest & { version: number } = {
      version: MANIFEST_VERSION,
      region: o.region,
      events: o.events,
      seed: o.seed,
      communities: communities.length,
      registryEvents,
      head: await store.headPosition(),
      counts,
      seconds: { seed: seedSeconds, generate: (Date.now() - t) / 1000 },
    };
    log(
      `wrote ${written} fact events in ${manifest.seconds.generate.toFixed(1)} s (${Math.round(written / manifest.seconds.generate)}/s)`,
    );
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    return manifest;
  } finally {
    await store.close();
  }
}

const toAppend = (p: Planned) => ({ streamId: p.streamId, events: [p.event], expectedRevision: p.expectedRevision });

/** The shipped standards, and a copy of 甘肃's issued by the country so every community is scored. */
async function publishStandards(store: SqliteEventStore): Promise<void> {
  const shipped = loadShippedStandards();
  const gansu = shipped.find((s) => s.id === 'gansu-civilized-community')!;
  const bench: Standard = {
    ...gansu,
    id: BENCH_STANDARD_ID,
    issuingAuthority: '000000',
    title: `${gansu.title}（全国基准测试副本）`,
  };
  for (const s of [...shipped, bench]) {
    const event: EventToAppend = {
      eventId: nameBasedId(`bench|StandardPublished|${s.id}@${s.version}`),
      type: 'StandardPublished',
      version: 1,
      data: {
        standardId: s.id,
        version: s.version,
        issuingAuthority: s.issuingAuthority,
        effectiveFrom: s.effectiveFrom,
        document: s as never,
      },
      metadata: {
        actor: { id: 'bench', roles: ['system'], jurisdiction: '000000' },
        jurisdictionCode: s.issuingAuthority,
        occurredAt: new Date(WINDOW_START).toISOString(),
        correlationId: 'bench',
        causationId: 'bench',
      },
    };
    await store.append(`standard-${s.id}`, [event], { expectedRevision: 'any' });
  }
}
