import type { InspectionsEvent, RecordedEvent, ResidentReportEvent, ResidentsEvent } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';
import { evolveReportView, evolveReportViewByProblem, RECTIFICATION_EVENT_TYPES } from '../domain/report-view';
import type { ReportView } from '../domain/report-view';

export const RESIDENT_REPORTS = 'resident_reports';
export const RESIDENT_PROBLEM_LINKS = 'resident_problem_links';
export const RESIDENT_STREET_FIGURES = 'resident_street_figures';
export const OPEN311_KEYS = 'open311_keys';
/** The evidence-store photos residents' reports name (by their sha256): the only ones served publicly. */
export const RESIDENT_PHOTOS = 'resident_photos';

export interface ReportDoc extends ReadDoc, ReportView {}
export interface ProblemLinkDoc extends ReadDoc {
  readonly reportId: string;
}
/** Per street: what residents reported and what became of it; `reopened` is "closed, not fixed". */
export interface StreetFiguresDoc extends ReadDoc {
  readonly streetCode: string;
  readonly districtCode: string;
  readonly reports: number;
  readonly duplicates: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly reopened: number;
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
  const { _id, _pos, _lanes, ...view } = doc as ReportDoc & { _lanes?: unknown };
  return view;
};

/**
 * The residents' read models: each report with its progress (its own events, then its problem's
 * rectification events from inspections, found through the problem → report link), the duplicate
 * count on an original, the figures per street, and the Open311 keys. A report's document is fed by
 * two contexts (two topics in distributed mode), so it keeps a position per lane.
 */
export const residentReportsProjection: Projection = {
  name: 'residents.reports',
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
    { name: RESIDENT_STREET_FIGURES, indexes: [{ fields: { districtCode: 1 } }] },
    { name: OPEN311_KEYS, indexes: [{ fields: { keyId: 1 } }, { fields: { jurisdiction: 1 } }] },
    { name: RESIDENT_PHOTOS },
  ],
  handles: new Set([...RESIDENT_TYPES, ...KEY_TYPES, ...RECTIFICATION_EVENT_TYPES]),
  async apply(events, uow) {
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
          await uow.update<ReportDoc>(
            RESIDENT_REPORTS,
            event.data.duplicateOf,
            e,
            (doc) => (doc ? { ...doc, duplicateCount: doc.duplicateCount + 1 } : null),
            'residents',
          );
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
        await countForStreet(event, e, uow);
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
  },
};

async function countForStreet(
  event: ResidentReportEvent,
  e: RecordedEvent,
  uow: Parameters<Projection['apply']>[1],
): Promise<void> {
  const streetCode = event.data.communityCode.slice(0, 9);
  const field = (
    {
      ResidentReportSubmitted: 'reports',
      ResidentReportAccepted: 'accepted',
      ResidentReportRejected: 'rejected',
      ResidentReportReopened: 'reopened',
    } as const
  )[event.type];
  await uow.update<StreetFiguresDoc>(RESIDENT_STREET_FIGURES, streetCode, e, (doc) => {
    const d = doc ?? {
      _id: streetCode,
      _pos: e.position,
      streetCode,
      districtCode: streetCode.slice(0, 6),
      reports: 0,
      duplicates: 0,
      accepted: 0,
      rejected: 0,
      reopened: 0,
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
