import { Partitioners } from 'kafkajs';
import { partitionFor } from '../partitioner';
import type { IncomingMessage } from '../port';
import { busContract, waitUntil } from '../testing/bus.contract';
import { inProcessHarness } from '../testing/in-process-harness';
import { InProcessBus } from './in-process-bus';

busContract('in-process', inProcessHarness);

describe('InProcessBus', () => {
  it('gives each partition to one consumer of a group (p % members, in joining order)', async () => {
    const bus = new InProcessBus({ partitions: { t: 4 } });
    const [one, two]: IncomingMessage[][] = [[], []];
    await bus.consume({ groupId: 'g', topics: ['t'], handle: async (ms) => void one.push(...ms) });
    await bus.consume({ groupId: 'g', topics: ['t'], handle: async (ms) => void two.push(...ms) });
    await bus.publish(
      't',
      Array.from({ length: 40 }, (_, n) => ({ key: `k${n}`, value: String(n) })),
    );
    await waitUntil('all handled', () => one.length + two.length === 40);
    expect([...new Set(one.map((m) => m.partition))].sort()).toEqual([0, 2]);
    expect([...new Set(two.map((m) => m.partition))].sort()).toEqual([1, 3]);
    await bus.close();
  });
});

describe('partitionFor', () => {
  it('puts a key where Kafka does (murmur2, as kafkajs and the Java client)', () => {
    const kafka = Partitioners.DefaultPartitioner();
    const meta = (n: number) => Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 1 }));
    for (const key of ['321282001001', '620102001003', '', 'a', 'ab', 'abc', 'abcd', '社区-一号', 'x'.repeat(101)]) {
      for (const n of [1, 3, 6]) {
        expect(partitionFor(key, n)).toBe(
          kafka({ topic: 't', partitionMetadata: meta(n) as never, message: { key, value: null } }),
        );
      }
    }
  });
});
