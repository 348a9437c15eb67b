import 'reflect-metadata';
import { join } from 'node:path';
import { loadSettings } from '@chuangwen/config';
import { platformEventCatalog } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { eventStoreSource, ProjectionHost, rebuildProgress } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { allProjections } from './projections';
import { PlatformSettings } from './settings';

/**
 * `npm run rebuild [-- name …]`: drops the read models of the named projections (all by default)
 * and replays the whole event log into them, with a progress bar. Stop the platform first.
 */
async function main(): Promise<void> {
  const settings = loadSettings(PlatformSettings);
  const names = process.argv.slice(2);
  const events = new SqliteEventStore({ file: join(settings.DATA_DIR, 'events.db') });
  const reads = new SqliteReadStore(join(settings.DATA_DIR, 'read-models.db'));
  const projections = allProjections().filter((p) => names.length === 0 || names.includes(p.name));
  if (projections.length === 0)
    throw new Error(
      `no projection named ${names.join(', ')}; known: ${allProjections()
        .map((p) => p.name)
        .join(', ')}`,
    );
  const host = new ProjectionHost(projections, eventStoreSource(events), reads, {
    catalog: platformEventCatalog(),
    batchSize: 5000,
  });
  const bars = new Map<string, ReturnType<typeof rebuildProgress>>();
  const started = Date.now();
  await host.rebuild('all', (p) => {
    // Progress is measured in log positions: every store's positions grow towards its head.
    if (!bars.has(p.projection)) bars.set(p.projection, rebuildProgress(p.projection.padEnd(28)));
    bars.get(p.projection)!(p);
  });
  await host.stop();
  await events.close();
  await reads.close();
  console.log(
    `rebuilt ${projections.map((p) => p.name).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
