import type {
  AwardKind,
  NominationEvent,
  Nominee,
  PeerRating,
  RecordedEvent,
  TitleLevel,
  TitleReinspected,
  TitleRemoved,
} from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';
import type { NominationStatus } from '../domain/nomination';

export const NOMINATIONS = 'award_nominations';

/** One nomination with the steps it went through; once conferred, also the title registry's entry. */
export interface NominationView extends ReadDoc {
  nominationId: string;
  programId: string;
  communityCode: string;
  kind: AwardKind;
  level: TitleLevel;
  authority: string;
  nominee: Nominee;
  route: 'application' | 'nomination';
  status: Exclude<NominationStatus, 'none'>;
  steps: { step: string; on?: string; passed?: boolean; remark?: string; result?: PeerRating }[];
  notice?: { startsOn: string; endsOn: string; days: number };
  objections: { objectionId: string; summary: string; open: boolean; upheld?: boolean; resolution?: string }[];
  eligibility?: { standardId: string; total: number; minTotal: number; vetoed: boolean; asOf: string };
  conferredOn?: string;
  validUntil?: string;
  reinspections: { on: string; passed: boolean; remark: string }[];
  removal?: { reason: string; detail: string; incidentId?: string; on: string };
}

type Handled = NominationEvent | TitleReinspected | TitleRemoved;

export const nominationListProjection: Projection = {
  name: 'awards.nominations',
  collections: [
    {
      name: NOMINATIONS,
      indexes: [{ fields: { programId: 1, status: 1 } }, { fields: { communityCode: 1, status: 1 } }],
    },
  ],
  handles: new Set([
    'NominationSubmitted',
    'MaterialsReviewed',
    'ReportHeard',
    'FieldInspected',
    'NominationShortlisted',
    'NominationRejected',
    'PublicNoticeStarted',
    'ObjectionLodged',
    'ObjectionResolved',
    'TitleConferred',
    'TitleReinspected',
    'TitleRemoved',
  ]),
  async apply(events, uow) {
    for (const e of events as readonly RecordedEvent<Handled>[]) {
      const id = 'nominationId' in e.data ? e.data.nominationId : e.data.titleId;
      await uow.update<NominationView>(NOMINATIONS, id, e, (doc) => evolveView(doc, e));
    }
  },
};

function evolveView(doc: NominationView | undefined, e: RecordedEvent<Handled>): NominationView | null {
  if (e.type === 'NominationSubmitted') {
    const { nominationId, programId, communityCode, kind, level, authority, nominee, route, submittedOn, eligibility } =
      e.data;
    return {
      _id: nominationId,
      _pos: -1,
      nominationId,
      programId,
      communityCode,
      kind,
      level,
      authority,
      nominee,
      route,
      status: 'submitted',
      steps: [{ step: route, on: submittedOn }],
      objections: [],
      reinspections: [],
      ...(eligibility ? { eligibility } : {}),
    };
  }
  if (!doc) return null;
  switch (e.type) {
    case 'MaterialsReviewed':
      return {
        ...doc,
        status: 'materials_reviewed',
        steps: [
          ...doc.steps,
          { step: 'materials_review', on: e.data.reviewedOn, passed: e.data.passed, remark: e.data.remark },
        ],
      };
    case 'ReportHeard':
      return {
        ...doc,
        status: 'report_heard',
        steps: [...doc.steps, { step: 'report_hearing', on: e.data.heardOn, result: e.data.result }],
      };
    case 'FieldInspected':
      return {
        ...doc,
        status: 'field_inspected',
        steps: [
          ...doc.steps,
          { step: 'field_inspection', on: e.data.inspectedOn, passed: e.data.passed, remark: e.data.remark },
        ],
      };
    case 'NominationShortlisted':
      return { ...doc, status: 'shortlisted', steps: [...doc.steps, { step: 'shortlist', on: e.data.shortlistedOn }] };
    case 'NominationRejected':
      return {
        ...doc,
        status: 'rejected',
        steps: [...doc.steps, { step: `rejected:${e.data.step}`, remark: e.data.reason }],
      };
    case 'PublicNoticeStarted':
      return {
        ...doc,
        status: 'on_notice',
        notice: { startsOn: e.data.startsOn, endsOn: e.data.endsOn, days: e.data.days },
        steps: [...doc.steps, { step: 'public_notice', on: e.data.startsOn }],
      };
    case 'ObjectionLodged':
      return {
        ...doc,
        objections: [...doc.objections, { objectionId: e.data.objectionId, summary: e.data.summary, open: true }],
      };
    case 'ObjectionResolved':
      return {
        ...doc,
        objections: doc.objections.map((o) =>
          o.objectionId === e.data.objectionId
            ? { ...o, open: false, upheld: e.data.upheld, resolution: e.data.resolution }
            : o,
        ),
      };
    case 'TitleConferred':
      return {
        ...doc,
        status: 'conferred',
        conferredOn: e.data.conferredOn,
        validUntil: e.data.validUntil,
        steps: [...doc.steps, { step: 'conferral', on: e.data.conferredOn }],
      };
    case 'TitleReinspected':
      return {
        ...doc,
        validUntil: e.data.validUntil,
        reinspections: [...doc.reinspections, { on: e.data.inspectedOn, passed: e.data.passed, remark: e.data.remark }],
      };
    case 'TitleRemoved':
      return {
        ...doc,
        status: 'removed',
        removal: {
          reason: e.data.reason,
          detail: e.data.detail,
          ...(e.data.incidentId ? { incidentId: e.data.incidentId } : {}),
          on: e.data.removedOn,
        },
      };
  }
}
