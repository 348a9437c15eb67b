import { InProcessBus } from '../in-process/in-process-bus';
import type { Consumer, MessageBus } from '../port';
import type { BusHarness } from './bus.contract';

/**
 * Buses on one in-process backend, as processes share a broker: each `open()` is a view whose
 * close() stops only the consumers it started. Topic names are unique, so tests need no cleaning.
 */
export function inProcessHarness(): BusHarness & { prefix(): Promise<string> } {
  const backend = new InProcessBus({ retryBaseMs: 50, log: () => undefined });
  let n = 0;
  return {
    open: async () => view(backend),
    async topic(partitions) {
      const name = `t${++n}`;
      backend.createTopic(name, partitions);
      return name;
    },
    prefix: async () => `p${++n}.`,
  };
}

function view(base: InProcessBus): MessageBus {
  const mine: Consumer[] = [];
  return {
    publish: (t, ms) => base.publish(t, ms),
    resetGroup: (g) => base.resetGroup(g),
    lag: (g, ts) => base.lag(g, ts),
    consume: async (o) => {
      const c = await base.consume(o);
      mine.push(c);
      return c;
    },
    close: async () => void (await Promise.all(mine.map((c) => c.stop()))),
  };
}
