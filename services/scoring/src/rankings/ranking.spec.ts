import { communityReason, compareCommunities, compareNodes, rankKey, ranked, tierOf } from './ranking';

describe('the one ranking rule', () => {
  const c = (code: string, total: number, passed: boolean, vetoed = false) => ({ code, total, passed, vetoed });

  it('ranks passing communities first, then those not passing, then the vetoed, each by total then code', () => {
    const rows = [
      c('6', 100, false, true),
      c('5', 60, false),
      c('4', 91, true),
      c('3', 89, false),
      c('2', 95, true),
      c('1', 91, true),
    ];
    expect(ranked(rows, compareCommunities, 0, 10, communityReason).map((r) => [r.rank, r.code])).toEqual([
      [1, '2'],
      [2, '1'],
      [3, '4'],
      [4, '3'],
      [5, '5'],
      [6, '6'],
    ]);
  });

  it('stores the order as one number: a vetoed 100 below a not-passing 0, below a passing pass mark', () => {
    expect(rankKey(c('a', 100, false, true))).toBeLessThan(rankKey(c('b', 0, false)));
    expect(rankKey(c('b', 89.99, false))).toBeLessThan(rankKey(c('c', 60, true)));
    expect([tierOf(c('a', 100, false, true)), tierOf(c('b', 1, false)), tierOf(c('c', 90, true))]).toEqual([
      'vetoed',
      'not_passed',
      'passed',
    ]);
  });

  it('says why a row stands where it does', () => {
    expect(communityReason({ ...c('a', 100, false, true), passMark: 90 })).toContain('vetoed');
    expect(communityReason({ ...c('b', 85, false), passMark: 90 })).toContain('85 < 90');
  });

  it('ranks nodes by mean total, then pass rate, then fewer vetoed', () => {
    const n = (code: string, meanTotal: number | null, passRate: number | null, vetoed: number) => ({
      code,
      meanTotal,
      passRate,
      vetoed,
    });
    const rows = [n('a', 80, 0.5, 1), n('b', 80, 0.5, 0), n('c', 80, 0.6, 3), n('d', null, null, 0), n('e', 81, 0, 9)];
    expect(rows.sort(compareNodes).map((r) => r.code)).toEqual(['e', 'c', 'b', 'a', 'd']);
  });
});
