import { randomUUID } from 'node:crypto';
import { KafkaBus } from '../kafka/kafka-bus';
import type { BusHarness } from './bus.contract';
import { CONTEXTS } from '../topics';

/**
 * Buses and topics for the Kafka suites. Our broker creates no topics by itself, so every topic
 * a test uses is created here (replication factor 1) and deleted by `cleanup`.
 */
export function kafkaHarness(
  url: () => string,
): BusHarness & { prefix(partitions?: number): Promise<string>; cleanup(): Promise<void> } {
  const run = `cw-test-${randomUUID().slice(0, 8)}`;
  const created: string[] = [];
  const quiet = () => undefined;
  let admin: KafkaBus | undefined;
  const create = async (topics: string[], partitions: number) => {
    admin ??= new KafkaBus({ brokers: url(), clientId: `${run}-admin`, log: quiet });
    created.push(...topics);
    await admin.ensureTopics(topics.map((topic) => ({ topic, partitions })));
  };
  let n = 0;
  return {
    open: async () =>
      new KafkaBus({
        brokers: url(),
        clientId: run,
        retryBaseMs: 50,
        retryMaxMs: 1000,
        maxWaitTimeInMs: 200,
        log: quiet,
      }),
    async topic(partitions) {
      const topic = `${run}.${n++}`;
      await create([topic], partitions);
      return topic;
    },
    /** A prefix with a topic per context and a dead-letter topic, as deploy/kafka-topics.txt makes. */
    async prefix(partitions = 3) {
      const prefix = `${run}.${n++}.`;
      await create([...CONTEXTS.map((c) => `${prefix}${c}`), `${prefix}dead-letter`], partitions);
      return prefix;
    },
    async cleanup() {
      if (admin && created.length > 0) await admin.deleteTopics(created).catch(() => undefined);
      await admin?.close();
    },
  };
}
