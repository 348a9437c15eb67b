import { codeAncestors, levelOf } from '@chuangwen/contracts';
import type { ActivityHeld, JurisdictionLevel, RecordedEvent } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';
import { toDay } from '@chuangwen/scoring-engine';
import { setChildOf } from '../rollups/rollup';
import { ActivityTally, copyByKind, countHeld, emptyTally, tallies } from './activity-tally';

export const ACTIVITY_TALLIES = 'activity_tallies';

export interface ActivityTallyDoc extends ReadDoc, ActivityTally {
  code: string;
  level: JurisdictionLevel;
  year: number;
  /** For a node above a community: each child's tally (its own sum is this document's figures). */
  children?: Record<string, ActivityTally>;
}

export const tallyId = (code: string, year: number) => `${code}|${year}`;

/**
 * Counts held activities per year for the community (guarded by position: its events arrive in
 * order) and sets the community's tally in its street, the street's in its district … by
 * difference. The roll-up is state-based, so it is right whatever order communities' events
 * interleave in (several Kafka partitions) and however often a batch is replayed.
 * The year is the activity's (UTC+8) calendar year: evaluation periods are Chinese calendar years.
 */
export const activityTalliesProjection: Projection = {
  name: 'scoring.activity-tallies',
  collections: [{ name: ACTIVITY_TALLIES, indexes: [{ fields: { level: 1, year: 1, held: -1 } }] }],
  handles: new Set(['ActivityHeld']),
  async apply(events, uow) {
    const touched = new Set<string>();
    // Every tally the batch reads, its communities' and their ancestors', in one query.
    await uow.prefetch(
      ACTIVITY_TALLIES,
      (events as readonly RecordedEvent<ActivityHeld>[]).flatMap(({ data: { communityCode, heldAt } }) =>
        [communityCode, ...codeAncestors(communityCode)].map((c) => tallyId(c, chinaYear(heldAt))),
      ),
    );
    for (const e of events as readonly RecordedEvent<ActivityHeld>[]) {
      const { communityCode, kind, scale, participants, heldAt } = e.data;
      const year = chinaYear(heldAt);
      await uow.update<ActivityTallyDoc>(ACTIVITY_TALLIES, tallyId(communityCode, year), e, (doc) => ({
        ...(doc ?? {
          _id: tallyId(communityCode, year),
          _pos: -1,
          code: communityCode,
          level: 'community' as const,
          year,
        }),
        ...countHeld(doc ?? emptyTally(), kind, scale, participants),
      }));
      touched.add(tallyId(communityCode, year));
    }
    // Up the tree a level at a time: each touched node takes all its touched children's new
    // tallies, then passes its own up once (not once per community below it: a batch of 30
    // activities in one district walked the district, city, province and country 30 times).
    let level = await Promise.all(
      [...touched].map(async (id) => (await uow.get<ActivityTallyDoc>(ACTIVITY_TALLIES, id))!),
    );
    while (level.length > 0) {
      const parents = new Map<string, ActivityTallyDoc>();
      for (const child of level) {
        const parent = codeAncestors(child.code).pop();
        if (parent === undefined) continue;
        const pid = tallyId(parent, child.year);
        const node = parents.get(pid) ??
          (await uow.get<ActivityTallyDoc>(ACTIVITY_TALLIES, pid)) ?? {
            _id: pid,
            _pos: -1,
            code: parent,
            level: levelOf(parent),
            year: child.year,
            ...emptyTally(),
            children: {},
          };
        const rollup = { children: (node.children ??= {}), aggregate: node as ActivityTally };
        if (!setChildOf(tallies, rollup, child.code, pick(child))) continue;
        uow.put(ACTIVITY_TALLIES, node);
        parents.set(pid, node);
      }
      level = [...parents.values()];
    }
  },
};

const pick = ({ held, large, participants, byKind }: ActivityTally): ActivityTally => ({
  held,
  large,
  participants,
  byKind: copyByKind(byKind),
});

/** The calendar year in China (UTC+8) of an ISO instant: that of its China day (toDay), whatever the host's zone. */
export function chinaYear(iso: string): number {
  return +toDay(iso).slice(0, 4);
}
