import type { ActivityKind, ActivityScale } from '@chuangwen/contracts';

/** Per jurisdiction and year: the activities held there and below, by kind and scale. */
export interface ActivityTally {
  held: number;
  large: number;
  participants: number;
  byKind: Partial<Record<ActivityKind, Record<ActivityScale, number>>>;
}

export const emptyTally = (): ActivityTally => ({ held: 0, large: 0, participants: 0, byKind: {} });

/** Pure: one more held activity. */
export function countHeld(t: ActivityTally, kind: ActivityKind, scale: ActivityScale, participants: number): ActivityTally {
  const k = t.byKind[kind] ?? { ordinary: 0, large: 0 };
  return {
    held: t.held + 1,
    large: t.large + (scale === 'large' ? 1 : 0),
    participants: t.participants + participants,
    byKind: { ...t.byKind, [kind]: { ...k, [scale]: k[scale] + 1 } },
  };
}
