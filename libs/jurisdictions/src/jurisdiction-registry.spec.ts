import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformEventCatalog } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { eventStoreSource, ProjectionRunner } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { JurisdictionRegistry } from './jurisdiction-registry';
import { JurisdictionDoc, JURISDICTIONS_COLLECTION, registryProjection } from './registry-projection';
import { seedRegion, totalNodes } from './seed';

describe('the jurisdiction registry over the projection (泰州 3212 and 东莞 4419)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let runner: ProjectionRunner;
  let registry: JurisdictionRegistry;
  let seeded: { streets: number; communities: number; nodes: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-registry-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
    reads = new SqliteReadStore(join(dir, 'read-models.db'));
    const taizhou = await seedRegion(events, '3212');
    const dongguan = await seedRegion(events, '4419');
    seeded = {
      streets: taizhou.registered.street,
      communities: taizhou.registered.community,
      nodes: totalNodes(taizhou.registered) + totalNodes(dongguan.registered),
    };
    runner = new ProjectionRunner(registryProjection, eventStoreSource(events), reads, {
      batchSize: 700,
      catalog: platformEventCatalog(),
    });
    await runner.start();
    await runner.waitForCatchUp();
    registry = new JurisdictionRegistry(reads);
  }, 60_000);
  afterAll(async () => {
    await runner.stop();
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores one document per node', async () => {
    const { _pos, ...doc } = (await reads.get<JurisdictionDoc>(JURISDICTIONS_COLLECTION, '321282001'))!;
    expect(doc).toEqual({
      _id: '321282001',
      code: '321282001',
      name: '靖城街道',
      level: 'street',
      parentCode: '321282',
      kind: 'street',
      ancestors: ['000000', '320000', '321200', '321282'],
    });
    expect(await reads.get(JURISDICTIONS_COLLECTION, '321200')).toMatchObject({ kind: null, parentCode: '320000' });
    expect(await reads.count(JURISDICTIONS_COLLECTION)).toBe(seeded.nodes);
  });

  it('gets a node with its children in code order', async () => {
    const district = await registry.get('321282');
    expect(district).toMatchObject({
      code: '321282',
      name: '靖江市',
      level: 'district',
      parentCode: '321200',
      ancestors: ['000000', '320000', '321200'],
    });
    expect(district!.children.slice(0, 2)).toEqual([
      {
        code: '321282001',
        name: '靖城街道',
        level: 'street',
        parentCode: '321282',
        ancestors: ['000000', '320000', '321200', '321282'],
        kind: 'street',
      },
      {
        code: '321282101',
        name: '新桥镇',
        level: 'street',
        parentCode: '321282',
        ancestors: ['000000', '320000', '321200', '321282'],
        kind: 'town',
      },
    ]);
    expect(district!.children).toHaveLength(14);
    const street = await registry.get('321282001');
    expect(street!.children.length).toBeGreaterThan(0);
    expect(street!.children.every((c) => c.level === 'community' && c.kind !== undefined)).toBe(true);
    expect(street!.children.map((c) => c.code)).toEqual(street!.children.map((c) => c.code).sort());
    const community = street!.children[0];
    expect(await registry.get(community.code)).toMatchObject({ code: community.code, children: [] });
  });

  it('answers unknown and malformed codes with undefined', async () => {
    expect(await registry.get('999999')).toBeUndefined();
    expect(await registry.get('12ab')).toBeUndefined();
    expect(await registry.ancestors('321181001')).toBeUndefined(); // 丹阳市 (镇江) was not seeded
    expect(await registry.find('321282')).toEqual({
      code: '321282',
      name: '靖江市',
      level: 'district',
      parentCode: '321200',
    });
  });

  it('serves the country as the root with the seeded provinces', async () => {
    const country = await registry.get('000000');
    expect(country).toMatchObject({ code: '000000', level: 'country', parentCode: null });
    expect(country!.children.map((c) => c.name)).toEqual(['江苏省', '广东省']);
  });

  it('lists ancestors from the country down, as a breadcrumb', async () => {
    const street = (await registry.get('321282001'))!;
    const names = (await registry.ancestors(street.children[0].code))!.map((n) => n.name);
    expect(names).toEqual(['中华人民共和国', '江苏省', '泰州市', '靖江市', '靖城街道']);
    expect((await registry.ancestors('441900003'))!.map((n) => n.code)).toEqual(['000000', '440000', '441900']);
    expect(await registry.ancestors('000000')).toEqual([]);
  });

  it('knows which codes are communities', async () => {
    const street = (await registry.get('321282001'))!;
    expect(await registry.isCommunity(street.children[0].code)).toBe(true);
    expect(await registry.isCommunity('321282001')).toBe(false);
    expect(await registry.isCommunity('321282001999')).toBe(false);
  });

  it('lists and counts descendants at a level, whatever the depth in between', async () => {
    expect((await registry.descendantsAtLevel('320000', 'district')).map((d) => d.name)).toEqual([
      '海陵区',
      '高港区',
      '姜堰区',
      '兴化市',
      '靖江市',
      '泰兴市',
    ]);
    expect(await registry.countAtLevel('321200', 'street')).toBe(seeded.streets);
    expect(await registry.countAtLevel('320000', 'community')).toBe(seeded.communities);
    expect(await registry.countAtLevel('321282', 'community')).toBe(257);
    const page = await registry.descendantsAtLevel('321282', 'community', { skip: 10, limit: 5 });
    expect(page.map((c) => c.code)).toEqual(
      (await registry.descendantsAtLevel('321282', 'community')).slice(10, 15).map((c) => c.code),
    );
    expect(await registry.countAtLevel('000000', 'province')).toBe(2);
    expect(await registry.countAtLevel('441900', 'district')).toBe(0);
    expect(await registry.countAtLevel('441900', 'street')).toBe((await registry.get('441900'))!.children.length);
    expect(await registry.descendantsAtLevel('321282001', 'district')).toEqual([]);
  });

  it('rebuilds to the same state', async () => {
    const before = await reads.find(JURISDICTIONS_COLLECTION, {}, { sort: { code: 1 } });
    await runner.rebuild();
    await runner.waitForCatchUp();
    const after = await reads.find(JURISDICTIONS_COLLECTION, {}, { sort: { code: 1 } });
    const strip = (docs: { _pos: number }[]) => docs.map(({ _pos, ...d }) => d);
    expect(strip(after)).toEqual(strip(before));
  });
});
