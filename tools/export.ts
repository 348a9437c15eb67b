/**
 * Exports for analysts, from the embedded data folder (or, with MODE=distributed, the configured
 * event store), with progress on stderr:
 *   npm run export -- events --format csv --types ActivityHeld,SurveyRecorded --jurisdiction 620100 \
 *                            --from 2025-01-01 --to 2026-01-01 [--time occurred] --out events.csv
 *   npm run export -- scores --code 620102 [--level street] [--asOf 2025-06-30] [--standard id] --out scores.csv
 * Without --out the export goes to stdout. Memory stays constant over any range (a page at a time).
 */
import 'reflect-metadata'; // class-transformer's decorators in the settings (MODE=distributed reads them)
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadSettings } from '@chuangwen/config';
import { JURISDICTION_LEVELS, platformEventCatalog, systemClock } from '@chuangwen/contracts';
import type { JurisdictionLevel } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { JurisdictionRegistry } from '@chuangwen/jurisdictions';
import { progressBar } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { ScoringQueries } from '@chuangwen/scoring';
import { exportEvents, exportOptionProblems, scoreSnapshotCsv } from '@chuangwen/analytics';
import { EventStoreSettings } from '../services/platform/src/distributed/distributed.settings';
import { openEventStore } from '../services/platform/src/distributed/event-store-factory';

const USAGE = `usage: npm run export -- events [--format ndjson|csv] [--types A,B] [--jurisdiction code] [--from day] [--to day] [--time recorded|occurred] [--out file]
       npm run export -- scores --code <jurisdiction> [--level community|street|…] [--asOf day] [--standard id] [--out file]`;

export function parseArgs(argv: readonly string[]): { what: string; opts: Record<string, string> } {
  const [what, ...rest] = argv;
  if (what !== 'events' && what !== 'scores') throw new Error(USAGE);
  const opts: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const m = /^--([a-zA-Z]+)(?:=(.*))?$/.exec(rest[i]);
    if (!m) throw new Error(`unexpected argument ${rest[i]}\n${USAGE}`);
    opts[m[1]] = m[2] ?? rest[++i] ?? '';
  }
  return { what, opts };
}

const output = (file?: string): Writable => (file ? createWriteStream(file) : process.stdout);

async function events(opts: Record<string, string>, dataDir: string): Promise<void> {
  const distributed = process.env.MODE === 'distributed' ? loadSettings(EventStoreSettings) : undefined;
  const store = distributed ? openEventStore(distributed) : new SqliteEventStore({ file: join(dataDir, 'events.db') });
  const format =
    opts.format === 'csv' ? 'csv' : opts.format === undefined || opts.format === 'ndjson' ? 'ndjson' : undefined;
  if (!format) throw new Error(`--format must be ndjson or csv\n${USAGE}`);
  const bar = progressBar(`export events`);
  let exported = 0;
  try {
    const chunks = exportEvents(store, {
      format,
      catalog: platformEventCatalog(),
      filter: {
        types: opts.types?.split(',').filter(Boolean),
        jurisdiction: opts.jurisdiction,
        from: opts.from,
        to: opts.to,
        time: opts.time === 'occurred' ? 'occurred' : 'recorded',
      },
      onProgress: (p) => {
        exported = p.exported;
        bar(p.position, p.head, `${p.exported} exported of ${p.scanned} read`);
      },
    });
    await pipeline(Readable.from(chunks), output(opts.out));
    process.stderr.write(`${exported} events exported${opts.out ? ` to ${opts.out}` : ''}\n`);
  } finally {
    await store.close();
  }
}

async function scores(opts: Record<string, string>, dataDir: string): Promise<void> {
  if (!opts.code) throw new Error(`--code is required\n${USAGE}`);
  const level = (opts.level ?? 'community') as JurisdictionLevel;
  if (!JURISDICTION_LEVELS.includes(level)) throw new Error(`--level must be one of ${JURISDICTION_LEVELS.join(', ')}`);
  const reads = new SqliteReadStore(join(dataDir, 'read-models.db'));
  try {
    const registry = new JurisdictionRegistry(reads);
    const total = await registry.countAtLevel(opts.code, level);
    const bar = progressBar(`export scores ${opts.code} ${level}`);
    const rows = scoreSnapshotCsv(new ScoringQueries(reads, systemClock), registry, {
      code: opts.code,
      level,
      asOf: opts.asOf,
      standardId: opts.standard,
      onProgress: (done) => bar(done, total),
    });
    await pipeline(Readable.from(rows), output(opts.out));
    process.stderr.write(`${total} rows exported${opts.out ? ` to ${opts.out}` : ''}\n`);
  } finally {
    await reads.close();
  }
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { what, opts } = parseArgs(argv);
  const problems = exportOptionProblems({
    types: opts.types?.split(',').filter(Boolean),
    from: opts.from,
    to: opts.to,
    asOf: opts.asOf,
  });
  if (problems.length) throw new Error(`${problems.join('\n')}\n${USAGE}`);
  const dataDir = process.env.DATA_DIR || './data';
  await (what === 'events' ? events(opts, dataDir) : scores(opts, dataDir));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
