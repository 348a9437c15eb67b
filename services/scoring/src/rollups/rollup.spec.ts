import { aggregateOf, describe as describeAggregate, emptyAggregate, setChild } from './rollup';

const node = () => ({ children: {}, aggregate: emptyAggregate() });

describe('roll-up by difference', () => {
  it('adds children and replaces a child’s old contribution', () => {
    const street = node();
    setChild(street, 'c1', aggregateOf({ total: 82, passed: true, vetoed: false, gaps: [] }));
    setChild(street, 'c2', aggregateOf({ total: 55, passed: false, vetoed: false, gaps: ['awareness'] }));
    setChild(street, 'c2', aggregateOf({ total: 91, passed: false, vetoed: true, gaps: [] }));
    const d = describeAggregate(street.aggregate);
    expect(d).toMatchObject({ communities: 2, scored: 2, meanTotal: 86.5, passed: 1, vetoed: 1, gaps: [] });
    expect(d.histogram[8].count).toBe(1);
    expect(d.histogram[9].count).toBe(1);
  });

  it('is idempotent: setting the same value again changes nothing', () => {
    const street = node();
    const v = aggregateOf({ total: 70, passed: true, vetoed: false, gaps: ['green_ratio'] });
    expect(setChild(street, 'c1', v)).toBe(true);
    expect(setChild(street, 'c1', v)).toBe(false);
    expect(street.aggregate.communities).toBe(1);
    expect(street.aggregate.gaps).toEqual({ green_ratio: 1 });
  });

  it('counts a community without any scored indicator, but not in the mean', () => {
    const street = node();
    setChild(street, 'c1', aggregateOf({ total: null, passed: false, vetoed: false, gaps: [] }));
    setChild(street, 'c2', aggregateOf({ total: 60, passed: false, vetoed: false, gaps: [] }));
    expect(describeAggregate(street.aggregate)).toMatchObject({
      communities: 2,
      scored: 1,
      meanTotal: 60,
      passRate: 0,
    });
  });

  it('rolls a street up into its district the same way', () => {
    const street = node();
    const district = node();
    setChild(street, 'c1', aggregateOf({ total: 80, passed: true, vetoed: false, gaps: [] }));
    setChild(district, 's1', street.aggregate);
    setChild(street, 'c2', aggregateOf({ total: 40, passed: false, vetoed: false, gaps: ['x'] }));
    setChild(district, 's1', street.aggregate);
    expect(describeAggregate(district.aggregate)).toMatchObject({
      communities: 2,
      meanTotal: 60,
      passed: 1,
      gaps: [{ indicator: 'x', communities: 1 }],
    });
  });
});
