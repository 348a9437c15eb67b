import { codeAncestors, levelOf } from '@chuangwen/contracts';
import type { InspectionsEvent, JurisdictionLevel, RecordedEvent } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';
import { RECTIFICATION_COUNTS, RectificationCounts } from './views';

export interface RectificationCountsDoc extends ReadDoc, RectificationCounts {
  code: string;
  level: JurisdictionLevel;
  /** Above a community: each child's counts (this document's own figures are their sum). */
  children?: Record<string, RectificationCounts>;
}

export const emptyCounts = (): RectificationCounts => ({
  recorded: 0,
  open: 0,
  overdue: 0,
  awaitingVerification: 0,
  verified: 0,
});
const FIELDS = Object.keys(emptyCounts()) as (keyof RectificationCounts)[];

/** Pure: a community's counts after one event. */
export function countEvent(c: RectificationCounts, e: InspectionsEvent): RectificationCounts {
  const n = { ...c };
  switch (e.type) {
    case 'ProblemRecorded':
      n.recorded++;
      n.open++;
      break;
    case 'RectificationSubmitted':
      n.awaitingVerification++;
      break;
    case 'RectificationRejected':
      n.awaitingVerification--;
      break;
    case 'RectificationOverdue':
      n.overdue++;
      break;
    case 'RectificationVerified':
      n.open--;
      n.awaitingVerification--;
      n.verified++;
      if (e.data.wasOverdue) n.overdue--;
      break;
  }
  return n;
}

const pick = (c: RectificationCounts): RectificationCounts =>
  Object.fromEntries(FIELDS.map((f) => [f, c[f]])) as unknown as RectificationCounts;
const same = (a: RectificationCounts, b: RectificationCounts) => FIELDS.every((f) => a[f] === b[f]);

/**
 * Open, overdue, awaiting and verified problems per community (guarded by position: a community's
 * events arrive in order) and, state-based, per street, district, city, province and the country:
 * a node keeps each child's counts and adjusts its sum by the difference, so replays and any
 * interleaving of communities leave the same figures. The figures the 督查通报 bulletins quote.
 */
export const rectificationCountsProjection: Projection = {
  name: 'inspections.rectification-counts',
  collections: [{ name: RECTIFICATION_COUNTS, indexes: [{ fields: { level: 1, open: -1 } }] }],
  handles: new Set([
    'ProblemRecorded',
    'RectificationSubmitted',
    'RectificationRejected',
    'RectificationOverdue',
    'RectificationVerified',
  ]),
  async apply(events, uow) {
    const touched = new Set<string>();
    for (const e of events as readonly RecordedEvent<InspectionsEvent>[]) {
      const code = (e.data as { communityCode: string }).communityCode;
      await uow.update<RectificationCountsDoc>(RECTIFICATION_COUNTS, code, e, (doc) => ({
        ...(doc ?? { _id: code, _pos: -1, code, level: 'community' as const }),
        ...countEvent(doc ?? emptyCounts(), e as InspectionsEvent),
      }));
      touched.add(code);
    }
    for (const code of touched) {
      let child = code;
      let value = pick((await uow.get<RectificationCountsDoc>(RECTIFICATION_COUNTS, code))!);
      for (const parent of codeAncestors(code).reverse()) {
        const node = (await uow.get<RectificationCountsDoc>(RECTIFICATION_COUNTS, parent)) ?? {
          _id: parent,
          _pos: -1,
          code: parent,
          level: levelOf(parent),
          ...emptyCounts(),
          children: {},
        };
        const children = (node.children ??= {});
        const old = children[child];
        if (old && same(old, value)) break;
        for (const f of FIELDS) node[f] += value[f] - (old?.[f] ?? 0);
        children[child] = value;
        uow.put(RECTIFICATION_COUNTS, node);
        child = parent;
        value = pick(node);
      }
    }
  },
};
