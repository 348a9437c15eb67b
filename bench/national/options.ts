import { join } from 'node:path';

export interface BenchOptions {
  /** Fact events to generate (registry and standards come on top). */
  readonly events: number;
  /** Region code prefix ('' = the whole country, '62' = 甘肃 …). */
  readonly region: string;
  /** Folder for the event store and the read store (reused when the options match). */
  readonly data: string;
  readonly seed: number;
  /** Events per page read during the rebuild. */
  readonly batch: number;
  /** Events per unit of work during the rebuild (ProjectionRunner's rebuildWindow). */
  readonly window: number;
  /** Single events appended at the live end after the rebuild. */
  readonly incremental: number;
  /** Samples per query kind. */
  readonly samples: number;
  /** Baseline reads without an index (full scans of the event log: slow, so few). */
  readonly scanSamples: number;
  readonly fresh: boolean;
  /** Keep the read store of the last run (its rebuild figures too) and measure the rest again. */
  readonly skipRebuild: boolean;
}

const ROOT = join(__dirname, '../../..');

/** `--events=10000000 --region=62 --data=bench/.data/x --seed=1 --batch=5000 --window=1000000 --incremental=2000 --samples=2000 --scan-samples=3 --fresh` */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const num = (name: string, fallback: number) => {
    const v = arg(name);
    if (v === undefined) return fallback;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got ${v}`);
    return n;
  };
  const events = num('events', 10_000_000);
  const region = arg('region') ?? '';
  return {
    events,
    region,
    data: arg('data') ?? join(ROOT, 'bench/.data', `national-${region || 'cn'}-${events}`),
    seed: num('seed', 20241101),
    batch: num('batch', 5000),
    window: num('window', 1_000_000),
    incremental: num('incremental', 2000),
    samples: num('samples', 2000),
    scanSamples: num('scan-samples', 3),
    fresh: argv.includes('--fresh'),
    skipRebuild: argv.includes('--skip-rebuild'),
  };
}

export const RESULTS_DIR = join(ROOT, 'bench/results');
export const DOCS_FILE = join(ROOT, 'docs/benchmarks.md');
