import { codeAncestors } from '@chuangwen/contracts';
import { Aggregate, setChild } from '../rollups/rollup';
import { newRollup, RollupDoc, scoreId } from './collections';

/**
 * Roll-ups built whole from their lowest nodes' sums (a rebuild's streets, an as-of answer's
 * communities): each node is set in its parent, deepest first, up to the country — with the same
 * `setChild` the live projection uses to move one community's share by difference.
 */
export function rollUpAbove(
  nodes: readonly { standardId: string; code: string; aggregate: Aggregate }[],
  rollups = new Map<string, RollupDoc>(),
): Map<string, RollupDoc> {
  for (const s of nodes) {
    const parent = codeAncestors(s.code).pop();
    if (parent) setChild(node(rollups, s.standardId, parent), s.code, s.aggregate);
  }
  const depth = (r: RollupDoc) => codeAncestors(r.code).length;
  for (let d = Math.max(0, ...[...rollups.values()].map(depth)); d > 0; d--) {
    for (const r of [...rollups.values()]) {
      if (depth(r) === d && r.parentCode) setChild(node(rollups, r.standardId, r.parentCode), r.code, r.aggregate);
    }
  }
  return rollups;
}

/** Every roll-up above the given communities' shares, their streets included. */
export function rollUpCommunities(
  standardId: string,
  shares: Iterable<[code: string, share: Aggregate]>,
): Map<string, RollupDoc> {
  const streets = new Map<string, RollupDoc>();
  for (const [code, share] of shares) setChild(node(streets, standardId, codeAncestors(code).pop()!), code, share);
  return rollUpAbove([...streets.values()], new Map(streets));
}

function node(rollups: Map<string, RollupDoc>, standardId: string, code: string): RollupDoc {
  const id = scoreId(standardId, code);
  return rollups.get(id) ?? rollups.set(id, newRollup(standardId, code)).get(id)!;
}
