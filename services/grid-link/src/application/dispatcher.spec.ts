import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@chuangwen/contracts';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { GridDispatcher } from './dispatcher';
import type { GridEndpoint, GridEndpoints } from './endpoints';
import { DEFAULT_GRID_LINK_OPTIONS } from './options';
import { GRID_OUTBOX, OutboxDoc } from './outbox.projection';
import type { GridTransport } from './transport';

const endpoint: GridEndpoint = {
  id: 'grid-1',
  kind: 'http',
  target: 'http://grid.example/in',
  jurisdiction: '620102',
  origin: 'configured',
};
const endpoints = { all: async () => [endpoint] } as unknown as GridEndpoints;

const entry = (seq: number): OutboxDoc =>
  ({
    _id: `o-${seq}`,
    _pos: seq,
    seq,
    part: 0,
    problemId: `p-${seq}`,
    communityCode: '620102001001',
    open: true,
    deliveredTo: [],
    refusedBy: [],
    event: { id: `ce-${seq}`, type: 'cn.chuangwen.rectification.task.created' },
  }) as unknown as OutboxDoc;

describe('GridDispatcher with replicas on one read store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-grid-dispatch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two replicas ticking side by side send each CloudEvent once and lose no delivery mark', async () => {
    const file = join(dir, 'reads.db');
    // Not exclusive: as MongoDB is for replicas, this store is written by both.
    const [a, b] = [new SqliteReadStore(file, { exclusive: false }), new SqliteReadStore(file, { exclusive: false })];
    await a.ensureCollections([{ name: GRID_OUTBOX }]);
    await a.commit(
      'grid-link.outbox',
      Array.from({ length: 20 }, (_, i) => ({ collection: GRID_OUTBOX, put: entry(i + 1) })),
      20,
    );
    const sent: string[] = [];
    const transport: GridTransport = {
      send: async (_endpoint, event) => {
        sent.push(event.id);
        await new Promise((r) => setTimeout(r, 2)); // a delivery takes time: the replicas' passes overlap
        return { kind: 'delivered' };
      },
    };
    const options = { ...DEFAULT_GRID_LINK_OPTIONS, dispatchIntervalMs: 0 };
    const replicas = [a, b].map((store) => new GridDispatcher(store, systemClock, options, transport, endpoints));
    await Promise.all(replicas.map((r) => r.onApplicationBootstrap()));
    try {
      for (let round = 0; round < 3; round++) await Promise.all(replicas.map((r) => r.tick()));
      expect(sent).toEqual(Array.from({ length: 20 }, (_, i) => `ce-${i + 1}`));
      const stored = await a.find<OutboxDoc>(GRID_OUTBOX);
      expect(stored.every((e) => !e.open && e.deliveredTo.join() === 'grid-1')).toBe(true);
    } finally {
      await Promise.all(replicas.map((r) => r.onApplicationShutdown()));
      await Promise.all([a.close(), b.close()]);
    }
  });
});
