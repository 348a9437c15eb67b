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
