import type { AwardProgramData, NominationEvent, Nominee, TitleReinspected, TitleRemoved } from '@chuangwen/contracts';

export type NominationStatus =
  | 'none'
  | 'submitted'
  | 'materials_reviewed'
  | 'report_heard'
  | 'field_inspected'
  | 'shortlisted'
  | 'on_notice'
  | 'rejected'
  | 'conferred'
  | 'removed';

/** A nomination and, once conferred, the title it became. */
export interface Nomination {
  readonly status: NominationStatus;
  readonly nominationId: string;
  readonly programId: string;
  readonly nominee?: Nominee;
  readonly noticeEndsOn?: string;
  /** Objection id → still open? */
  readonly objections: Readonly<Record<string, boolean>>;
  readonly validUntil?: string;
  readonly removedFor?: string;
}

export const initialNomination = (): Nomination => ({
  status: 'none',
  nominationId: '',
  programId: '',
  objections: {},
});

export function evolveNomination(s: Nomination, e: NominationEvent | TitleReinspected | TitleRemoved): Nomination {
  switch (e.type) {
    case 'NominationSubmitted':
      return {
        ...s,
        status: 'submitted',
        nominationId: e.data.nominationId,
        programId: e.data.programId,
        nominee: e.data.nominee,
      };
    case 'MaterialsReviewed':
      return { ...s, status: 'materials_reviewed' };
    case 'ReportHeard':
      return { ...s, status: 'report_heard' };
    case 'FieldInspected':
      return { ...s, status: 'field_inspected' };
    case 'NominationShortlisted':
      return { ...s, status: 'shortlisted' };
    case 'NominationRejected':
      return { ...s, status: 'rejected' };
    case 'PublicNoticeStarted':
      return { ...s, status: 'on_notice', noticeEndsOn: e.data.endsOn };
    case 'ObjectionLodged':
      return { ...s, objections: { ...s.objections, [e.data.objectionId]: true } };
    case 'ObjectionResolved':
      return { ...s, objections: { ...s.objections, [e.data.objectionId]: false } };
    case 'TitleConferred':
      return { ...s, status: 'conferred', validUntil: e.data.validUntil };
    case 'TitleReinspected':
      return { ...s, validUntil: e.data.validUntil };
    case 'TitleRemoved':
      return { ...s, status: 'removed', removedFor: e.data.incidentId ?? e.data.reason };
  }
}

/** The program a nomination belongs to, as the handler read it. */
export type ProgramFacts = AwardProgramData;
