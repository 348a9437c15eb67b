import type {
  InspectionsEvent,
  ResidentContact,
  ResidentReportChannel,
  ResidentReportEvent,
} from '@chuangwen/contracts';
import type { ReportStatus } from './resident-report.decider';

/**
 * Where a report stands, as residents and client systems read it: the report's own status, then,
 * once accepted, its problem's rectification lifecycle in inspections (立案 → 整改通知 → 整改 → 核查 → 结案).
 */
export type ReportStage =
  | 'awaiting_acceptance'
  | 'rejected'
  | 'accepted'
  | 'notice_issued'
  | 'rectification_submitted'
  | 'rectification_rejected'
  | 'closed'
  | 'reopened';

export const STAGE_LABELS: Record<ReportStage, string> = {
  awaiting_acceptance: '已收到，待立案',
  rejected: '不予立案',
  accepted: '已立案',
  notice_issued: '已下发整改通知',
  rectification_submitted: '整改已提交，待核查',
  rectification_rejected: '整改未通过核查，重新整改',
  closed: '已整改，结案',
  reopened: '群众反映未整改到位，已重新打开，待再次立案',
};

export interface ReportStep {
  /** When the platform recorded it (ISO 8601). */
  readonly at: string;
  readonly stage: ReportStage;
  readonly note?: string;
}

/** The report as the read model keeps it: masked contact only, never a phone number in clear. */
export interface ReportView {
  readonly reportId: string;
  readonly trackingCode: string;
  readonly communityCode: string;
  readonly streetCode: string;
  readonly districtCode: string;
  readonly category: string;
  readonly description: string;
  readonly channel: ResidentReportChannel;
  readonly clientKeyId?: string;
  readonly lat?: number;
  readonly long?: number;
  readonly addressString?: string;
  readonly media: readonly string[];
  readonly contactMasked?: Pick<ResidentContact, 'phoneMasked' | 'nameMasked' | 'emailMasked'>;
  readonly status: ReportStatus;
  readonly stage: ReportStage;
  /** Open for "report once": neither rejected nor closed, and not itself a duplicate. */
  readonly open: boolean;
  readonly duplicateOf?: string;
  readonly duplicateCount: number;
  readonly reopenCount: number;
  readonly round: number;
  readonly problemId?: string;
  /** The rectification notice's deadline (China day). */
  readonly deadline?: string;
  readonly overdue: boolean;
  readonly closedOn?: string;
  readonly statusNote?: string;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly history: readonly ReportStep[];
}

const step = (
  view: ReportView,
  at: string,
  stage: ReportStage,
  note?: string,
  more: Partial<ReportView> = {},
): ReportView => ({
  ...view,
  ...more,
  stage,
  updatedAt: at,
  open: !view.duplicateOf && stage !== 'rejected' && stage !== 'closed',
  history: [...view.history, { at, stage, ...(note ? { note } : {}) }],
});

/** A report's own events. `at` is when the platform recorded the event. */
export function evolveReportView(
  view: ReportView | undefined,
  e: ResidentReportEvent,
  at: string,
): ReportView | undefined {
  if (e.type === 'ResidentReportSubmitted') {
    if (view) return view;
    const d = e.data;
    const contactMasked = d.contact && {
      ...(d.contact.phoneMasked ? { phoneMasked: d.contact.phoneMasked } : {}),
      ...(d.contact.nameMasked ? { nameMasked: d.contact.nameMasked } : {}),
      ...(d.contact.emailMasked ? { emailMasked: d.contact.emailMasked } : {}),
    };
    return {
      reportId: d.reportId,
      trackingCode: d.trackingCode,
      communityCode: d.communityCode,
      streetCode: d.communityCode.slice(0, 9),
      districtCode: d.communityCode.slice(0, 6),
      category: d.category,
      description: d.description,
      channel: d.channel,
      media: d.media,
      ...(d.clientKeyId ? { clientKeyId: d.clientKeyId } : {}),
      ...(d.lat !== undefined ? { lat: d.lat, long: d.long } : {}),
      ...(d.addressString ? { addressString: d.addressString } : {}),
      ...(contactMasked && Object.keys(contactMasked).length ? { contactMasked } : {}),
      ...(d.duplicateOf ? { duplicateOf: d.duplicateOf } : {}),
      status: 'submitted',
      stage: 'awaiting_acceptance',
      open: !d.duplicateOf,
      duplicateCount: 0,
      reopenCount: 0,
      round: 0,
      overdue: false,
      submittedAt: d.submittedAt,
      updatedAt: at,
      history: [
        {
          at,
          stage: 'awaiting_acceptance',
          ...(d.duplicateOf ? { note: '与附近一处未办结的同类问题为同一问题，已合并跟踪' } : {}),
        },
      ],
    };
  }
  if (!view) return view;
  switch (e.type) {
    case 'ResidentReportAccepted':
      return step(view, at, 'accepted', e.data.note, {
        status: 'accepted',
        round: e.data.round,
        problemId: e.data.problemId,
        deadline: undefined,
        overdue: false,
        closedOn: undefined,
        statusNote: e.data.note,
      });
    case 'ResidentReportRejected':
      return step(view, at, 'rejected', e.data.reason, { status: 'rejected', statusNote: e.data.reason });
    case 'ResidentReportReopened':
      return step(view, at, 'reopened', e.data.reason, {
        status: 'reopened',
        reopenCount: view.reopenCount + 1,
        statusNote: e.data.reason,
      });
  }
}

/** The rectification events of the report's current problem (the projection routes them by problem id). */
export function evolveReportViewByProblem(view: ReportView, e: InspectionsEvent, at: string): ReportView {
  if (!('problemId' in e.data) || e.data.problemId !== view.problemId) return view;
  switch (e.type) {
    case 'RectificationNoticeIssued':
      return step(view, at, 'notice_issued', `整改期限 ${e.data.deadline}`, {
        deadline: e.data.deadline,
        statusNote: e.data.requirements,
      });
    case 'RectificationSubmitted':
      return step(view, at, 'rectification_submitted', undefined, { statusNote: e.data.description });
    case 'RectificationRejected':
      return step(view, at, 'rectification_rejected', e.data.reason, { statusNote: e.data.reason });
    case 'RectificationVerified':
      return step(view, at, 'closed', undefined, { closedOn: e.data.verifiedOn, statusNote: '整改已核查通过' });
    case 'RectificationOverdue':
      return {
        ...view,
        overdue: true,
        updatedAt: at,
        history: [...view.history, { at, stage: view.stage, note: `已超过整改期限 ${e.data.deadline}` }],
      };
    default:
      return view;
  }
}

export const RECTIFICATION_EVENT_TYPES = [
  'RectificationNoticeIssued',
  'RectificationSubmitted',
  'RectificationRejected',
  'RectificationVerified',
  'RectificationOverdue',
] as const;
