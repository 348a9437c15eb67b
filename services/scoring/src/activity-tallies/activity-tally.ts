import type { ActivityKind, ActivityScale } from '@chuangwen/contracts';
import type { Additive } from '../rollups/rollup';

/** Per jurisdiction and year: the activities held there and below, by kind and scale. */
export interface ActivityTally {
  held: number;
  large: number;
  participants: number;
  byKind: Partial<Record<ActivityKind, Record<ActivityScale, number>>>;
}

export const emptyTally = (): ActivityTally => ({ held: 0, large: 0, participants: 0, byKind: {} });

/** Pure: one more held activity. */
export function countHeld(
  t: ActivityTally,
  kind: ActivityKind,
  scale: ActivityScale,
  participants: number,
): ActivityTally {
  const k = t.byKind[kind] ?? { ordinary: 0, large: 0 };
  return {
    held: t.held + 1,
    large: t.large + (scale === 'large' ? 1 : 0),
    participants: t.participants + participants,
    byKind: { ...t.byKind, [kind]: { ...k, [scale]: k[scale] + 1 } },
  };
}

/** Tallies add up the tree the same way scores do. */
export const tallies: Additive<ActivityTally> = {
  empty: emptyTally,
  addInto(target, delta, sign) {
    target.held += sign * delta.held;
    target.large += sign * delta.large;
    target.participants += sign * delta.participants;
    for (const [kind, scales] of Object.entries(delta.byKind) as [ActivityKind, Record<ActivityScale, number>][]) {
      const t = (target.byKind[kind] ??= { ordinary: 0, large: 0 });
      t.ordinary += sign * scales.ordinary;
      t.large += sign * scales.large;
      if (t.ordinary === 0 && t.large === 0) delete target.byKind[kind];
    }
    return target;
  },
  same: (a, b) =>
    a.held === b.held && a.large === b.large && a.participants === b.participants && sameByKind(a.byKind, b.byKind),
  copy: ({ held, large, participants, byKind }) => ({ held, large, participants, byKind: copyByKind(byKind) }),
};

/** A tally's counts by kind, copied (plain numbers two levels deep: no structuredClone needed). */
export function copyByKind(byKind: ActivityTally['byKind']): ActivityTally['byKind'] {
  const out: ActivityTally['byKind'] = {};
  for (const [kind, scales] of Object.entries(byKind) as [ActivityKind, Record<ActivityScale, number>][])
    out[kind] = { ...scales };
  return out;
}

function sameByKind(a: ActivityTally['byKind'], b: ActivityTally['byKind']): boolean {
  const kinds = Object.keys(a) as ActivityKind[];
  if (kinds.length !== Object.keys(b).length) return false;
  return kinds.every((k) => {
    const x = a[k]!;
    const y = b[k];
    return y !== undefined && x.ordinary === y.ordinary && x.large === y.large;
  });
}
