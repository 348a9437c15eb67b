import { Inject, Injectable } from '@nestjs/common';
import { isWithin, levelOf } from '@chuangwen/contracts';
import { Filter, READ_STORE, ReadStore } from '@chuangwen/read-store';
import type { RectificationCountsDoc } from './rectification-counts.projection';
import { emptyCounts } from './rectification-counts.projection';
import {
  ESCALATIONS,
  INCIDENTS,
  INSPECTIONS,
  InspectionView,
  Placed,
  RECTIFICATION_COUNTS,
  RECTIFICATIONS,
  RectificationView,
  STRIP,
  SURVEYS,
} from './views';

const FIELD = { community: 'communityCode', street: 'streetCode', district: 'districtCode' } as const;
export type ListKind = 'inspections' | 'rectifications' | 'surveys' | 'incidents';
const COLLECTION: Record<ListKind, string> = {
  inspections: INSPECTIONS,
  rectifications: RECTIFICATIONS,
  surveys: SURVEYS,
  incidents: INCIDENTS,
};
const ID: Record<ListKind, string> = {
  inspections: 'inspectionId',
  rectifications: 'problemId',
  surveys: 'surveyId',
  incidents: 'incidentId',
};

export interface ListOptions {
  readonly status?: string;
  readonly overdue?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/** Reads over the inspections read models. */
@Injectable()
export class InspectionsQueries {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  /** Records of a community, street or district, newest id order kept stable by id. */
  async list(kind: ListKind, code: string, options: ListOptions = {}) {
    const level = levelOf(code) as keyof typeof FIELD;
    const filter: Filter = {
      [FIELD[level]]: code,
      ...(options.status ? { status: options.status } : {}),
      ...(options.overdue !== undefined ? { overdue: options.overdue } : {}),
    };
    const [total, docs] = await Promise.all([
      this.store.count(COLLECTION[kind], filter),
      this.store.find<Placed>(COLLECTION[kind], filter, {
        sort: { [ID[kind]]: 1 },
        limit: options.limit ?? 100,
        skip: options.offset ?? 0,
      }),
    ]);
    return { total, items: docs.map(STRIP) };
  }

  async one(kind: ListKind, id: string) {
    const doc = await this.store.get<Placed>(COLLECTION[kind], id);
    return doc ? STRIP(doc) : undefined;
  }

  /**
   * The inspections planned on a day inside a jurisdiction, those naming `inspector` only when given
   * (the field app's 今日测评). A day's inspections are few, so the inspector is matched after the find.
   */
  async day(day: string, jurisdiction: string, inspector?: string) {
    const level = levelOf(jurisdiction) as string;
    const place = level in FIELD ? { [FIELD[level as keyof typeof FIELD]]: jurisdiction } : {};
    const docs = await this.store.find<InspectionView>(
      INSPECTIONS,
      { plannedOn: day, ...place },
      { sort: { inspectionId: 1 }, limit: 1000 },
    );
    return docs
      .filter((d) => isWithin(d.communityCode, jurisdiction) && (!inspector || d.inspectors.includes(inspector)))
      .map(STRIP);
  }

  /** Rectifications of a community, street or district in some statuses (the work lists). */
  async inStatus(code: string, statuses: RectificationView['status'][], limit = 500): Promise<RectificationView[]> {
    const level = levelOf(code) as keyof typeof FIELD;
    const docs = await this.store.find<RectificationView>(
      RECTIFICATIONS,
      { [FIELD[level]]: code, status: { $in: statuses } },
      { sort: { problemId: 1 }, limit },
    );
    return docs.map((d) => STRIP(d) as RectificationView);
  }

  /** Open / overdue / awaiting / verified problems at a node, and per direct child. */
  async counts(code: string) {
    const doc = await this.store.get<RectificationCountsDoc>(RECTIFICATION_COUNTS, code);
    const { recorded, open, overdue, awaitingVerification, verified } = doc ?? { ...emptyCounts() };
    const children = Object.entries(doc?.children ?? {})
      .map(([child, c]) => ({ code: child, ...c }))
      .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.code.localeCompare(b.code));
    return { code, recorded, open, overdue, awaitingVerification, verified, children };
  }

  /**
   * The 督办 list of a community, street or district: escalated rectifications, open ones by default,
   * optionally only those supervised (listed), counted in a bulletin, or of a bulletin month.
   */
  async escalations(
    code: string,
    options: {
      open?: boolean;
      supervised?: boolean;
      bulletin?: boolean;
      month?: string;
      limit?: number;
      offset?: number;
    } = {},
  ) {
    const level = levelOf(code) as keyof typeof FIELD;
    const filter: Filter = {
      [FIELD[level]]: code,
      ...(options.open !== undefined ? { open: options.open } : {}),
      ...(options.supervised !== undefined ? { supervised: options.supervised } : {}),
      ...(options.bulletin !== undefined ? { bulletin: options.bulletin } : {}),
      ...(options.month ? { bulletinMonth: options.month } : {}),
    };
    const [total, docs] = await Promise.all([
      this.store.count(ESCALATIONS, filter),
      this.store.find<Placed>(ESCALATIONS, filter, {
        sort: { problemId: 1 },
        limit: options.limit ?? 100,
        skip: options.offset ?? 0,
      }),
    ]);
    return { total, items: docs.map(STRIP) };
  }

  /** How many escalated rectifications are open at a node: in all, on a 督办 list, counted in a bulletin. */
  async escalationCounts(code: string) {
    const level = levelOf(code) as keyof typeof FIELD;
    const at = { [FIELD[level]]: code, open: true };
    const [open, supervised, bulletin] = await Promise.all([
      this.store.count(ESCALATIONS, at),
      this.store.count(ESCALATIONS, { ...at, supervised: true }),
      this.store.count(ESCALATIONS, { ...at, bulletin: true }),
    ]);
    return { code, open, supervised, bulletin };
  }

  /** Rectifications whose deadline (a China day) is before `today`, still watched: candidates for overdue. */
  async pastDeadline(today: string, limit = 500): Promise<RectificationView[]> {
    return this.store.find<RectificationView>(
      RECTIFICATIONS,
      { watch: true, deadline: { $lt: today } },
      { sort: { deadline: 1 }, limit },
    );
  }
}
