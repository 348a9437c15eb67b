import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { ACTIVITY_TALLIES, ActivityTallyDoc, tallyId } from './activity-tallies.projection';
import { ActivityTally, emptyTally } from './activity-tally';

@Injectable()
export class ActivityTalliesQuery {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async forYear(code: string, year: number): Promise<ActivityTally> {
    const doc = await this.store.get<ActivityTallyDoc>(ACTIVITY_TALLIES, tallyId(code, year));
    if (!doc) return emptyTally();
    const { held, large, participants, byKind } = doc;
    return { held, large, participants, byKind };
  }
}
