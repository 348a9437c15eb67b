import { codeAncestors, levelOf } from '@chuangwen/contracts';
import type { ActivityHeld, JurisdictionLevel, RecordedEvent } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';
import { ActivityTally, countHeld, emptyTally } from './activity-tally';

export const ACTIVITY_TALLIES = 'activity_tallies';

export interface ActivityTallyDoc extends ReadDoc, ActivityTally {
  code: string;
  level: JurisdictionLevel;
  year: number;
}

export const tallyId = (code: string, year: number) => `${code}|${year}`;

/**
 * Counts held activities per year for the community and every ancestor up to the country. Each
 * document is guarded by its own position, so the roll-up needs no cross-document transaction.
 * The year is the activity's (UTC+8) calendar year: evaluation periods are Chinese calendar years.
 */
export const activityTalliesProjection: Projection = {
  name: 'scoring.activity-tallies',
  collections: [{ name: ACTIVITY_TALLIES, indexes: [{ fields: { level: 1, year: 1, held: -1 } }] }],
  handles: new Set(['ActivityHeld']),
  async apply(events, uow) {
    for (const e of events as readonly RecordedEvent<ActivityHeld>[]) {
      const { communityCode, kind, scale, participants, heldAt } = e.data;
      const year = chinaYear(heldAt);
      for (const code of [communityCode, ...codeAncestors(communityCode)]) {
        await uow.update<ActivityTallyDoc>(ACTIVITY_TALLIES, tallyId(code, year), e, (doc) => ({
          _id: tallyId(code, year),
          _pos: doc?._pos ?? -1,
          code,
          level: levelOf(code),
          year,
          ...countHeld(doc ?? emptyTally(), kind, scale, participants),
        }));
      }
    }
  },
};

/** The calendar year in China (UTC+8) of an ISO instant. */
export function chinaYear(iso: string): number {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).getUTCFullYear();
}
