import { codeAncestors, levelOf } from '@chuangwen/contracts';
import type { ActivityHeld, JurisdictionLevel, RecordedEvent } from '@chuangwen/contracts';
import { writeSharedTree } from '@chuangwen/projections';
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
 * difference, each ancestor from its children as stored and conditionally on its version, so any
 * number of replicas side by side leave what one process leaves. The roll-up is state-based, so it
 * is right whatever order communities' events interleave in and however often a batch is replayed.
 * The year is the activity's (UTC+8) calendar year: evaluation periods are Chinese calendar years.
 */
export const activityTalliesProjection: Projection = {
  name: 'scoring.activity-tallies',
  collections: [{ name: ACTIVITY_TALLIES, indexes: [{ fields: { level: 1, year: 1, held: -1 } }] }],
  handles: new Set(['ActivityHeld']),
  async apply(events, uow) {
    const touched = new Set<string>();
    // The communities' tallies the batch changes, in one query (their ancestors are read as stored, later).
    await uow.prefetch(
      ACTIVITY_TALLIES,
      (events as readonly RecordedEvent<ActivityHeld>[]).map(({ data: { communityCode, heldAt } }) =>
        tallyId(communityCode, chinaYear(heldAt)),
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
    // The communities' tallies stored first, then their ancestors', level by level, each from its
    // children as stored: shared by every replica (see UnitOfWork.writeShared).
    await uow.flush();
    await writeSharedTree<ActivityTallyDoc>(
      uow,
      {
        collection: ACTIVITY_TALLIES,
        parentOf: ({ id }) => {
          const [code, year] = id.split('|');
          const parent = codeAncestors(code).pop();
          return parent === undefined ? undefined : tallyId(parent, Number(year));
        },
        keyOf: (id) => id.split('|')[0],
        fold(pid, stored, children) {
          const [code, year] = pid.split('|');
          const node = stored ?? {
            _id: pid,
            _pos: -1,
            code,
            level: levelOf(code),
            year: Number(year),
            ...emptyTally(),
            children: {},
          };
          const rollup = { children: (node.children ??= {}), aggregate: node as ActivityTally };
          let changed = false;
          for (const { child, doc } of children)
            changed = setChildOf(tallies, rollup, child.key, doc ? pick(doc as ActivityTallyDoc) : null) || changed;
          return changed ? node : undefined;
        },
      },
      [...touched].map((id) => ({ collection: ACTIVITY_TALLIES, id, key: id.split('|')[0] })),
    );
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
