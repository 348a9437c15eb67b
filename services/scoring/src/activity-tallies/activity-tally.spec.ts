import type { ActivityKind, ActivityScale } from '@chuangwen/contracts';
import { chinaYear } from './activity-tallies.projection';
import { countHeld, emptyTally } from './activity-tally';

describe('activity tally', () => {
  it('counts held activities by kind and scale with their participants', () => {
    const t = [
      ['moral_lecture', 'ordinary', 50],
      ['culture_sports', 'large', 400],
      ['culture_sports', 'large', 300],
    ].reduce((acc, [k, s, p]) => countHeld(acc, k as ActivityKind, s as ActivityScale, p as number), emptyTally());
    expect(t).toEqual({
      held: 3,
      large: 2,
      participants: 750,
      byKind: { moral_lecture: { ordinary: 1, large: 0 }, culture_sports: { ordinary: 0, large: 2 } },
    });
  });

  it('places an activity in the Chinese calendar year', () => {
    expect(chinaYear('2024-12-31T17:00:00Z')).toBe(2025);
    expect(chinaYear('2025-01-01T00:30:00+08:00')).toBe(2025);
    expect(chinaYear('2024-12-31T15:59:00Z')).toBe(2024);
  });
});

describe('activity tallies roll up by difference', () => {
  const { setChildOf } = jest.requireActual('../rollups/rollup');
  const { tallies } = jest.requireActual('./activity-tally');
  it('whatever the order and however often a child is set', () => {
    const a = countHeld(emptyTally(), 'festival', 'ordinary', 10);
    const b = countHeld(countHeld(emptyTally(), 'festival', 'large', 30), 'moral_lecture', 'ordinary', 5);
    const one = { children: {}, aggregate: emptyTally() };
    const two = { children: {}, aggregate: emptyTally() };
    [
      ['a', a],
      ['b', b],
      ['a', a],
    ].forEach(([k, v]) => setChildOf(tallies, one, k, v));
    [
      ['b', b],
      ['a', emptyTally()],
      ['a', a],
      ['b', b],
    ].forEach(([k, v]) => setChildOf(tallies, two, k, v));
    expect(one.aggregate).toEqual(two.aggregate);
    expect(one.aggregate).toEqual({
      held: 3,
      large: 1,
      participants: 45,
      byKind: { festival: { ordinary: 1, large: 1 }, moral_lecture: { ordinary: 1, large: 0 } },
    });
  });
});

describe('activity tallies projection: one batch or one event at a time, the same figures at every level', () => {
  const { activityTalliesProjection, ACTIVITY_TALLIES } = jest.requireActual('./activity-tallies.projection');
  const { SqliteReadStore } = jest.requireActual('@chuangwen/read-store/sqlite');
  const { UnitOfWork } = jest.requireActual('@chuangwen/projections');
  const kinds = ['culture_sports', 'moral_lecture', 'festival'];
  // Communities of two streets of one district and one of another city: 40 activities, two years.
  const communities = ['620102001001', '620102001002', '620102002001', '620102002003', '620302001001'];
  const events = Array.from({ length: 40 }, (_, i) => ({
    type: 'ActivityHeld',
    position: i + 1,
    data: {
      communityCode: communities[(i * 7) % 5],
      kind: kinds[i % 3],
      scale: i % 4 === 0 ? 'large' : 'ordinary',
      participants: 10 + i,
      heldAt: i % 5 === 0 ? '2024-12-31T15:00:00Z' : '2025-05-20T09:00:00+08:00',
    },
  }));
  const apply = async (batches: (typeof events)[]) => {
    const store = new SqliteReadStore(':memory:');
    await store.ensureCollections(activityTalliesProjection.collections);
    for (const batch of batches) {
      const uow = new UnitOfWork(store, batch[batch.length - 1].position);
      await activityTalliesProjection.apply(batch, uow);
      await store.commit(activityTalliesProjection.name, uow.writes(), uow.batchEnd);
    }
    const docs = (await store.find(ACTIVITY_TALLIES, {})).map(({ _pos, ...d }: { _pos: number }) => d);
    await store.close();
    return docs;
  };

  it('whatever the batches (live batches of any size, or a rebuild)', async () => {
    const whole = await apply([events]);
    expect(await apply(events.map((e) => [e]))).toEqual(whole);
    expect(await apply([events.slice(0, 13), events.slice(13, 14), events.slice(14)])).toEqual(whole);
    const country = whole.find((d: { code: string; year: number }) => d.code === '000000' && d.year === 2025);
    expect(country).toMatchObject({ level: 'country', held: 32 });
    const street = whole.find((d: { code: string; year: number }) => d.code === '620102001' && d.year === 2025);
    const below = whole.filter(
      (d: { code: string; year: number }) => d.code.startsWith('620102001') && d.code.length === 12 && d.year === 2025,
    );
    expect(street.held).toBe(below.reduce((n: number, d: { held: number }) => n + d.held, 0));
  });
});
