import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReplayedDocs } from '@chuangwen/projections';
import type { Gathered } from './scoring.replay';
import type { ExportedStreet } from './street-rollups';

/** Helper threads settling the communities: their documents as they come, then their streets. */
export interface Helpers {
  /** Every document batch, from any helper, to the end. */
  docs(): AsyncGenerator<ReplayedDocs>;
  /** The helpers' streets, once `docs` has ended. */
  readonly streets: ExportedStreet[][];
}

/**
 * The worker's bootstrap. From the TypeScript sources (tests) it first installs a compiler for
 * `.ts` files; from the build it loads the compiled module directly.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
require(workerData.reflect);
if (workerData.register) require(workerData.register);
require(workerData.file);
`;

/**
 * Starts `count` settle.workers on what the first pass gathered (its entries are shared memory),
 * each claiming blocks of members from `next` (see `claimed`) until none are left.
 */
export function startHelpers(g: Gathered, next: Int32Array, count: number): Helpers {
  const file = join(__dirname, `settle.worker${extname(__filename)}`);
  const register = file.endsWith('.ts') ? resolve(__dirname, '../../../../../tools/ts-register.js') : null;
  const { facts, registrations, ...rest } = g;
  const data = { ...rest, facts: facts.shared(), registrations: registrations.shared(), next };
  const ready: ReplayedDocs[] = [];
  const streets: ExportedStreet[][] = [];
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { file, register, reflect: require.resolve('reflect-metadata'), data },
    });
    let done = false;
    worker.on('message', (m: { docs?: ReplayedDocs[]; streets?: ExportedStreet[] }) => {
      if (m.docs) ready.push(...m.docs);
      if (m.streets) {
        streets.push(m.streets);
        done = true;
      }
      notify();
    });
    worker.on('error', (e) => {
      failure ??= e;
      notify();
    });
    worker.on('exit', (code) => {
      if (!done) failure ??= new Error(`scoring replay helper stopped (exit code ${code})`);
      notify();
    });
    return worker;
  });
  return {
    streets,
    async *docs() {
      try {
        for (;;) {
          if (ready.length) yield* ready.splice(0);
          else if (failure) throw failure;
          else if (streets.length === count) return;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        // Stopped early (a failure here or in the caller): the others have nothing left to do.
        await Promise.all(workers.map((w) => w.terminate()));
      }
    },
  };
}
