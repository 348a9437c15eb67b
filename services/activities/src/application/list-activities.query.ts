import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { levelOf } from '@chuangwen/contracts';
import { Filter, READ_STORE, ReadStore } from '@chuangwen/read-store';
import { ACTIVITIES, ActivityView } from './activity-list.projection';

export class ListActivitiesQuery {
  constructor(
    /** A community, street or district code. */
    readonly jurisdictionCode: string,
    readonly from?: string,
    readonly to?: string,
    readonly limit = 100,
    readonly offset = 0,
  ) {}
}

const FIELD = { community: 'communityCode', street: 'streetCode', district: 'districtCode' } as const;

@QueryHandler(ListActivitiesQuery)
export class ListActivitiesHandler implements IQueryHandler<ListActivitiesQuery> {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async execute(q: ListActivitiesQuery): Promise<{ total: number; items: Omit<ActivityView, '_id' | '_pos'>[] }> {
    const level = levelOf(q.jurisdictionCode) as keyof typeof FIELD;
    const date = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: `${q.to}\uffff` } : {}) };
    const filter: Filter = { [FIELD[level]]: q.jurisdictionCode, ...(q.from || q.to ? { date } : {}) };
    const [total, docs] = await Promise.all([
      this.store.count(ACTIVITIES, filter),
      this.store.find<ActivityView>(ACTIVITIES, filter, { sort: { date: 1 }, limit: q.limit, skip: q.offset }),
    ]);
    return { total, items: docs.map(({ _id, _pos, ...view }) => view) };
  }
}
