import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReplayedDocs } from '@chuangwen/projections';
import type { Gathered } from './scoring.replay';
import type { ExportedStreet } from './street-rollups';

/** A helper thread settling some of the communities: its documents as they come, then its streets. */
export interface Helper {
  /** Documents received and not yet taken. */
  readonly ready: ReplayedDocs[];
  /** The rest of its documents, to the end. */
  rest(): AsyncGenerator<ReplayedDocs>;
  /** Its streets, once `rest` has ended. */
  readonly streets?: ExportedStreet[];
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

/** Starts settle.worker on what the first pass gathered (its entries are shared memory), claiming members from `next` (see `claimed`). */
export function startHelper(g: Gathered, next: Int32Array): Helper {
  const file = join(__dirname, `settle.worker${extname(__filename)}`);
  const register = file.endsWith('.ts') ? resolve(__dirname, '../../../../../tools/ts-register.js') : null;
  const { facts, registrations, ...rest } = g;
  const data = { ...rest, facts: facts.shared(), registrations: registrations.shared(), next };
  const worker = new Worker(BOOT, { eval: true, workerData: { file, register, reflect: require.resolve('reflect-metadata'), data } });
  const ready: ReplayedDocs[] = [];
  let streets: ExportedStreet[] | undefined;
  let failure: unknown;
  let wake: (() => void) | undefined;
  worker.on('message', (m: { docs?: ReplayedDocs[]; streets?: ExportedStreet[] }) => {
    if (m.docs) ready.push(...m.docs);
    if (m.streets) streets = m.streets;
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (!streets && !failure) failure = new Error(`scoring replay helper stopped (exit code ${code})`);
    wake?.();
  });
  return {
    ready,
    get streets() {
      return streets;
    },
    async *rest() {
      for (;;) {
        if (ready.length) yield* ready.splice(0);
        else if (failure) throw failure;
        else if (streets) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
