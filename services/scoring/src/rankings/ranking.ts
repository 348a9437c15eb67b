/**
 * The one ranking rule, for every ranking: communities under any node (street, district, city,
 * province, the national top 100), a node's children in its roll-up, and nodes at any level.
 *
 * Communities rank in three tiers, then by total, then by code:
 *   1. passing (total ≥ pass mark, no veto);
 *   2. not passing, not vetoed;
 *   3. vetoed (一票否决): a veto blocks passing, so a vetoed community on 100 ranks below every
 *      community that passes or could pass by points.
 * Streets, districts, cities and provinces rank by mean total, then pass rate, then fewer vetoed
 * communities, then code.
 */

export type Tier = 'passed' | 'not_passed' | 'vetoed';

export interface CommunityStanding {
  readonly code: string;
  readonly total: number;
  readonly passed: boolean;
  readonly vetoed: boolean;
}

export const tierOf = (s: Pick<CommunityStanding, 'passed' | 'vetoed'>): Tier =>
  s.passed ? 'passed' : s.vetoed ? 'vetoed' : 'not_passed';

const TIER_BASE: Record<Tier, number> = { passed: 2000, not_passed: 1000, vetoed: 0 };

/**
 * The stored sort key of a community's score (`rankKey` in community_scores): its tier's base plus
 * its total (0–100), so one descending index on it gives the ranking (no second sort field).
 */
export const rankKey = (s: Pick<CommunityStanding, 'total' | 'passed' | 'vetoed'>): number =>
  TIER_BASE[tierOf(s)] + s.total;

export const compareCommunities = (a: CommunityStanding, b: CommunityStanding): number =>
  rankKey(b) - rankKey(a) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Why a community stands where it does, in Chinese then English. */
export function communityReason(s: CommunityStanding & { passMark?: number }): string {
  switch (tierOf(s)) {
    case 'passed':
      return `达标, 按总分 ${s.total} 排序 (passing: ranked by total among passing communities)`;
    case 'not_passed':
      return `未达标${s.passMark !== undefined ? ` (总分 ${s.total} < ${s.passMark})` : ''}, 排在达标社区之后 (not passing: below every passing community, then by total)`;
    case 'vetoed':
      return `一票否决, 排在未被否决的社区之后 (vetoed: below every community not vetoed, whatever its total ${s.total})`;
  }
}

export interface NodeStanding {
  readonly code: string;
  readonly meanTotal: number | null;
  readonly passRate: number | null;
  readonly vetoed: number;
}

export const compareNodes = (a: NodeStanding, b: NodeStanding): number =>
  (b.meanTotal ?? -1) - (a.meanTotal ?? -1) ||
  (b.passRate ?? 0) - (a.passRate ?? 0) ||
  a.vetoed - b.vetoed ||
  (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export const nodeReason = (s: NodeStanding): string =>
  `按平均分 ${s.meanTotal ?? '—'}, 再按达标率 ${s.passRate ?? '—'}, 再按被否决社区数 ${s.vetoed} 排序 (by mean total, then pass rate, then fewer vetoed communities)`;

/** Ranks rows with a comparator, numbering from `offset + 1` and saying why each stands there. */
export function ranked<T extends { code: string }, R>(
  rows: T[],
  compare: (a: T, b: T) => number,
  offset: number,
  limit: number,
  reason: (row: T) => R,
) {
  return rows
    .sort(compare)
    .slice(offset, offset + limit)
    .map((row, i) => ({ rank: offset + i + 1, ...row, rankedBy: reason(row) }));
}
