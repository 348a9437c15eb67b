import { chinaYear } from './activity-tallies.projection';
import { countHeld, emptyTally } from './activity-tally';

describe('activity tally', () => {
  it('counts held activities by kind and scale with their participants', () => {
    const t = [
      ['moral_lecture', 'ordinary', 50],
      ['culture_sports', 'large', 400],
      ['culture_sports', 'large', 300],
    ].reduce((acc, [k, s, p]) => countHeld(acc, k as any, s as any, p as number), emptyTally());
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
    [['a', a], ['b', b], ['a', a]].forEach(([k, v]) => setChildOf(tallies, one, k, v));
    [['b', b], ['a', emptyTally()], ['a', a], ['b', b]].forEach(([k, v]) => setChildOf(tallies, two, k, v));
    expect(one.aggregate).toEqual(two.aggregate);
    expect(one.aggregate).toEqual({ held: 3, large: 1, participants: 45, byKind: { festival: { ordinary: 1, large: 1 }, moral_lecture: { ordinary: 1, large: 0 } } });
  });
});
