import { describe, TitleOf } from '../rollups/rollup';
import type { RollupDoc } from '../scorecards/collections';
import { communityReason, compareCommunities, compareNodes, nodeReason, ranked } from './ranking';

/** A node's children as ranking rows (its roll-up's shares). */
export function nodeRows(node: RollupDoc | undefined, titleOf?: TitleOf) {
  return Object.entries(node?.children ?? {}).map(([child, a]) => ({
    code: child,
    ...describe(a, titleOf),
    histogram: undefined,
  }));
}

/** A node's children ranked by the one rule: a street's are communities, ranked as communities. */
export function rankNode(node: RollupDoc | undefined, titleOf?: TitleOf) {
  const rows = nodeRows(node, titleOf);
  if (node?.level !== 'street') return ranked(rows, compareNodes, 0, rows.length, nodeReason);
  // A street's children are communities: a share of one community is its standing.
  const standing = (r: (typeof rows)[number]) => ({
    code: r.code,
    total: r.meanTotal ?? 0,
    passed: r.passed === 1,
    vetoed: r.vetoed === 1,
  });
  return ranked(
    rows,
    (a, b) => compareCommunities(standing(a), standing(b)),
    0,
    rows.length,
    (r) => communityReason(standing(r)),
  );
}
