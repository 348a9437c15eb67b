import type { InspectionsEvent, RecordedEvent, ResidentReportEvent, ResidentsEvent } from '@chuangwen/contracts';
import { writeSharedTree } from '@chuangwen/projections';
import type { Projection, ReadDoc, SharedChild, SharedLevel, SharedTree } from '@chuangwen/projections';
import { evolveReportView, evolveReportViewByProblem, RECTIFICATION_EVENT_TYPES } from '../domain/report-view';
import type { ReportView } from '../domain/report-view';

export const RESIDENT_REPORTS = 'resident_reports';
export const RESIDENT_PROBLEM_LINKS = 'resident_problem_links';
/** Per community (owned by its partition), street and district (shared nodes): see `FIGURES_TREE`. */
export const RESIDENT_FIGURES = 'resident_figures';
/** One per duplicate (owned by the duplicate's partition): the original it joined. */
export const RESIDENT_DUPLICATE_LINKS = 'resident_duplicate_links';
/** One per original (a shared node over its links): how many residents reported the same problem. */
export const RESIDENT_DUPLICATE_COUNTS = 'resident_duplicate_counts';
export const OPEN311_KEYS = 'open311_keys';
/** The evidence-store photos residents' reports name (by their sha256): the only ones served publicly. */
export const RESIDENT_PHOTOS = 'resident_photos';

export interface ReportDoc extends ReadDoc, ReportView {}
export interface ProblemLinkDoc extends ReadDoc {
  readonly reportId: string;
}
/** What residents reported and what became of it; `reopened` is "closed, not fixed". */
export interface ResidentFigures {
  readonly reports: number;
  readonly duplicates: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly reopened: number;
}
/** One row of `GET /api/residents/figures/:code`. */
export interface StreetFigures extends ResidentFigures {
  readonly streetCode: string;
  readonly districtCode: string;
}
/** A community's figures, or a street's or district's: the sum of its children's as they were stored. */
export interface FiguresDoc extends ReadDoc, ResidentFigures {
  level: 'community' | 'street' | 'district';
  code: string;
  districtCode: string;
  streetCode?: string;
  /** Above a community: each child's figures (this document's own are their sum). */
  children?: Record<string, ResidentFigures>;
}
export interface DuplicateLinkDoc extends ReadDoc {
  readonly originalId: string;
}
export interface DuplicateCountDoc extends ReadDoc {
  duplicateCount: number;
  /** The duplicates counted, by report id. */
  duplicates: Record<string, true>;
}
export interface ResidentPhotoDoc extends ReadDoc {
  readonly reportId: string;
}
/** An Open311 key by its hash (the key itself is kept nowhere). */
export interface Open311KeyDoc extends ReadDoc {
  readonly keyId: string;
  readonly jurisdiction: string;
  readonly clientName: string;
  readonly active: boolean;
  readonly issuedBy: string;
}

const RESIDENT_TYPES = [
  'ResidentReportSubmitted',
  'ResidentReportAccepted',
  'ResidentReportRejected',
  'ResidentReportReopened',
];
const KEY_TYPES = ['Open311KeyIssued', 'Open311KeyRevoked'];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const strip = (doc: ReportDoc): ReportView => {
  const { _id, _pos, _lanes, _v, ...view } = doc as ReportDoc & { _lanes?: unknown };
  return view;
};

/**
 * The residents' read models: each report with its progress (its own events, then its problem's
 * rectification events from inspections, found through the problem → report link), the duplicate
 * count of an original, the figures per community, street and district, and the Open311 keys. A
 * report's document is fed by two contexts (two topics in distributed mode), so it keeps a position
 * per lane. The figures and the duplicate counts hear from several partitions (a report's community
 * is its key): their own documents are guarded by position, the shared ones above set from those as
 * stored (`writeSharedTree`, `writeShared`), so replicas, replays and rebuilds agree.
 */
export const residentReportsProjection: Projection = {
  // v2: figures per community with shared streets and districts, duplicate counts apart (rebuilds).
  name: 'residents.reports.v2',
  collections: [
    {
      name: RESIDENT_REPORTS,
      indexes: [
        { fields: { communityCode: 1, category: 1 } },
        { fields: { trackingCode: 1 } },
        { fields: { streetCode: 1 } },
        { fields: { districtCode: 1, submittedAt: 1 } },
      ],
    },
    { name: RESIDENT_PROBLEM_LINKS },
    { name: RESIDENT_FIGURES, indexes: [{ fields: { level: 1, districtCode: 1 } }] },
    { name: RESIDENT_DUPLICATE_LINKS },
    { name: RESIDENT_DUPLICATE_COUNTS },
    { name: OPEN311_KEYS, indexes: [{ fields: { keyId: 1 } }, { fields: { jurisdiction: 1 } }] },
    { name: RESIDENT_PHOTOS },
  ],
  handles: new Set([...RESIDENT_TYPES, ...KEY_TYPES, ...RECTIFICATION_EVENT_TYPES]),
  async apply(events, uow) {
    const communities = new Set<string>();
    const originals = new Map<string, SharedChild[]>();
    for (const e of events as readonly RecordedEvent[]) {
      if (KEY_TYPES.includes(e.type)) {
        await applyKey(e as RecordedEvent<ResidentsEvent>, uow);
        continue;
      }
      if (RESIDENT_TYPES.includes(e.type)) {
        const event = e as unknown as RecordedEvent<ResidentReportEvent> & ResidentReportEvent;
        const reportId = event.data.reportId;
        await uow.update<ReportDoc>(
          RESIDENT_REPORTS,
          reportId,
          e,
          (doc) => {
            const next = evolveReportView(doc ? strip(doc) : undefined, event, e.recordedAt);
            return next
              ? ({
                  ...next,
                  _id: reportId,
                  _pos: e.position,
                  ...(doc?._lanes ? { _lanes: doc._lanes } : {}),
                } as Mutable<ReportDoc>)
              : (doc ?? null);
          },
          'residents',
        );
        if (event.type === 'ResidentReportSubmitted' && event.data.duplicateOf) {
          // The link is the duplicate's (its partition); the original may be of another one.
          const originalId = event.data.duplicateOf;
          await uow.update<DuplicateLinkDoc>(
            RESIDENT_DUPLICATE_LINKS,
            reportId,
            e,
            (doc) => doc ?? { _id: reportId, _pos: e.position, originalId },
          );
          const links = originals.get(originalId) ?? originals.set(originalId, []).get(originalId)!;
          links.push({ collection: RESIDENT_DUPLICATE_LINKS, id: reportId, key: reportId });
        }
        if (event.type === 'ResidentReportSubmitted') {
          for (const m of event.data.media.filter((x) => x.startsWith('sha256:'))) {
            const sha256 = m.slice('sha256:'.length);
            await uow.update<ResidentPhotoDoc>(
              RESIDENT_PHOTOS,
              sha256,
              e,
              (doc) => doc ?? { _id: sha256, _pos: e.position, reportId },
            );
          }
        }
        if (event.type === 'ResidentReportAccepted') {
          await uow.update<ProblemLinkDoc>(RESIDENT_PROBLEM_LINKS, event.data.problemId, e, () => ({
            _id: event.data.problemId,
            _pos: e.position,
            reportId,
          }));
        }
        await countForCommunity(event, e, uow);
        communities.add(event.data.communityCode);
        continue;
      }
      const problemId = (e.data as { problemId?: string }).problemId;
      const link = problemId ? await uow.get<ProblemLinkDoc>(RESIDENT_PROBLEM_LINKS, problemId) : undefined;
      if (!link) continue;
      await uow.update<ReportDoc>(
        RESIDENT_REPORTS,
        link.reportId,
        e,
        (doc) =>
          doc
            ? ({
                ...evolveReportViewByProblem(strip(doc), e as unknown as InspectionsEvent, e.recordedAt),
                _id: doc._id,
                _pos: e.position,
                ...(doc._lanes ? { _lanes: doc._lanes } : {}),
              } as Mutable<ReportDoc>)
            : null,
        'inspections',
      );
    }
    if (communities.size === 0 && originals.size === 0) return;
    // Owned documents stored first; then every shared one from its children as stored (a replayed
    // batch sets them again, so a crash between the two is completed).
    await uow.flush();
    await writeSharedTree(
      uow,
      FIGURES_TREE,
      [...communities].map((id) => ({ collection: RESIDENT_FIGURES, id, key: id })),
    );
    if (originals.size > 0) await uow.writeShared({ ...DUPLICATE_COUNTS, parents: originals });
  },
};

const FIELDS = ['reports', 'duplicates', 'accepted', 'rejected', 'reopened'] as const;
export const emptyFigures = (): ResidentFigures => ({
  reports: 0,
  duplicates: 0,
  accepted: 0,
  rejected: 0,
  reopened: 0,
});
const pick = (f: ResidentFigures): ResidentFigures =>
  Object.fromEntries(FIELDS.map((k) => [k, f[k]])) as unknown as ResidentFigures;
const same = (a: ResidentFigures, b: ResidentFigures) => FIELDS.every((k) => a[k] === b[k]);

/** Community (12 digits) → street (9) → district (6): each node keeps its children's figures and their sum. */
const FIGURES_TREE: SharedTree<FiguresDoc> = {
  collection: RESIDENT_FIGURES,
  parentOf: ({ id }) => (id.length === 12 ? id.slice(0, 9) : id.length === 9 ? id.slice(0, 6) : undefined),
  keyOf: (id) => id,
  fold(id, stored, found) {
    const node = stored ?? {
      _id: id,
      _pos: -1,
      level: id.length === 9 ? ('street' as const) : ('district' as const),
      code: id,
      districtCode: id.slice(0, 6),
      ...(id.length === 9 ? { streetCode: id } : {}),
      ...emptyFigures(),
      children: {},
    };
    const children = (node.children ??= {});
    let changed = false;
    for (const { child, doc } of found) {
      const value = doc ? pick(doc as FiguresDoc) : undefined;
      const old = children[child.key];
      if (value ? old && same(old, value) : old === undefined) continue;
      changed = true;
      for (const k of FIELDS) node[k] += (value?.[k] ?? 0) - (old?.[k] ?? 0);
      if (value) children[child.key] = value;
      else delete children[child.key];
    }
    return changed ? node : undefined;
  },
};

/** An original's count: the links below it, as stored (a link is never removed). */
const DUPLICATE_COUNTS: Omit<SharedLevel<DuplicateCountDoc>, 'parents'> = {
  collection: RESIDENT_DUPLICATE_COUNTS,
  fold(id, stored, found) {
    const node = stored ?? { _id: id, _pos: -1, duplicateCount: 0, duplicates: {} };
    let changed = false;
    for (const { child, doc } of found) {
      if (!doc || node.duplicates[child.key]) continue;
      node.duplicates[child.key] = true;
      changed = true;
    }
    node.duplicateCount = Object.keys(node.duplicates).length;
    return changed ? node : undefined;
  },
};

/** A community's figures after one of its reports' events (guarded by position: its events are ordered). */
async function countForCommunity(
  event: ResidentReportEvent,
  e: RecordedEvent,
  uow: Parameters<Projection['apply']>[1],
): Promise<void> {
  const code = event.data.communityCode;
  const field = (
    {
      ResidentReportSubmitted: 'reports',
      ResidentReportAccepted: 'accepted',
      ResidentReportRejected: 'rejected',
      ResidentReportReopened: 'reopened',
    } as const
  )[event.type];
  await uow.update<FiguresDoc>(RESIDENT_FIGURES, code, e, (doc) => {
    const d = doc ?? {
      _id: code,
      _pos: e.position,
      level: 'community' as const,
      code,
      streetCode: code.slice(0, 9),
      districtCode: code.slice(0, 6),
      ...emptyFigures(),
    };
    const dup = event.type === 'ResidentReportSubmitted' && event.data.duplicateOf ? 1 : 0;
    return { ...d, [field]: d[field] + 1, duplicates: d.duplicates + dup };
  });
}

async function applyKey(e: RecordedEvent<ResidentsEvent>, uow: Parameters<Projection['apply']>[1]): Promise<void> {
  if (e.type === 'Open311KeyIssued') {
    const d = e.data as { keyId: string; jurisdiction: string; clientName: string; keyHash: string; issuedBy: string };
    await uow.update<Open311KeyDoc>(OPEN311_KEYS, d.keyHash, e, () => ({
      _id: d.keyHash,
      _pos: e.position,
      keyId: d.keyId,
      jurisdiction: d.jurisdiction,
      clientName: d.clientName,
      active: true,
      issuedBy: d.issuedBy,
    }));
    return;
  }
  const { keyId } = e.data as { keyId: string };
  for (const doc of await uow.find<Open311KeyDoc>(OPEN311_KEYS, { keyId })) {
    await uow.update<Open311KeyDoc>(OPEN311_KEYS, doc._id, e, (d) => (d ? { ...d, active: false } : null));
  }
}
