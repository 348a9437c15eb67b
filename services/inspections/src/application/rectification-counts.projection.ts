import { codeAncestors, levelOf } from '@chuangwen/contracts';
import type { InspectionsEvent, JurisdictionLevel, RecordedEvent } from '@chuangwen/contracts';
import { writeSharedTree } from '@chuangwen/projections';
import type { Projection, ReadDoc, SharedTree } from '@chuangwen/projections';
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

/** Each node keeps its children's counts and adjusts its sum by the difference, from the children as stored. */
const COUNTS_TREE: SharedTree<RectificationCountsDoc> = {
  collection: RECTIFICATION_COUNTS,
  parentOf: ({ id }) => codeAncestors(id).pop(),
  keyOf: (id) => id,
  fold(id, stored, found) {
    const node = stored ?? { _id: id, _pos: -1, code: id, level: levelOf(id), ...emptyCounts(), children: {} };
    const children = (node.children ??= {});
    let changed = false;
    for (const { child, doc } of found) {
      const value = doc ? pick(doc as RectificationCountsDoc) : undefined;
      const old = children[child.key];
      if (value ? old && same(old, value) : old === undefined) continue;
      changed = true;
      for (const f of FIELDS) node[f] += (value?.[f] ?? 0) - (old?.[f] ?? 0);
      if (value) children[child.key] = value;
      else delete children[child.key];
    }
    return changed ? node : undefined;
  },
};

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
    // The communities stored first, then every ancestor from its children as stored (replicas share them).
    await uow.flush();
    await writeSharedTree(
      uow,
      COUNTS_TREE,
      [...touched].map((id) => ({ collection: RECTIFICATION_COUNTS, id, key: id })),
    );
  },
};
