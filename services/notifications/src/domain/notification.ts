import type { InspectionsEvent, RecordedEvent } from '@chuangwen/contracts';

/**
 * Notifications are read off the log: who must act now on a rectification, told in the app and on
 * the office's own systems (SMS gateways and WeChat Work robots take webhooks). They inform; they
 * never count anyone's clicks, time online or points.
 */
export const NOTIFIED_EVENT_TYPES = new Set([
  'RectificationNoticeIssued',
  'RectificationSubmitted',
  'RectificationRejected',
  'RectificationEscalated',
]);

export type NotificationKind =
  'rectification_notice' | 'rectification_submitted' | 'rectification_rejected' | 'rectification_escalated';

export interface Notification {
  /** The source event's id: a replay writes the same notification again, never a second one. */
  readonly id: string;
  readonly kind: NotificationKind;
  /** The jurisdiction whose office or staff it is for (a community, street or district code). */
  readonly recipient: string;
  readonly title: string;
  readonly body: string;
  readonly problemId: string;
  readonly communityCode: string;
  readonly at: string;
  /** The source event's position: the order of delivery. */
  readonly seq: number;
  readonly data: Readonly<Record<string, unknown>>;
}

export const CLOUD_EVENT_SOURCE = '/chuangwen/notifications';
export const CLOUD_EVENT_TYPE = (kind: NotificationKind) => `cn.chuangwen.notification.${kind.replace(/_/g, '-')}`;

/** A label for a category id (the scoring engine's catalog), or the id itself. */
export type CategoryLabel = (category: string) => string;

/** The notification an event makes, if any (pure). */
export function notificationOf(e: RecordedEvent, label: CategoryLabel): Notification | undefined {
  const ev = e as unknown as RecordedEvent<InspectionsEvent>;
  const base = { id: e.eventId, at: e.recordedAt, seq: e.position };
  switch (ev.type) {
    case 'RectificationNoticeIssued': {
      const d = ev.data;
      return {
        ...base,
        kind: 'rectification_notice',
        recipient: d.communityCode,
        problemId: d.problemId,
        communityCode: d.communityCode,
        title: `整改通知：${label(d.category)}`,
        body: `请于${d.deadline}前完成整改：${d.requirements}`,
        data: { deadline: d.deadline, category: d.category, noticeNo: d.noticeNo },
      };
    }
    case 'RectificationSubmitted': {
      const d = ev.data;
      const street = d.communityCode.slice(0, 9);
      return {
        ...base,
        kind: 'rectification_submitted',
        recipient: street,
        problemId: d.problemId,
        communityCode: d.communityCode,
        title: `待核查：${label(d.category)}`,
        body: `社区${d.communityCode}已提交整改：${d.description}`,
        data: { category: d.category, submittedOn: d.submittedOn },
      };
    }
    case 'RectificationRejected': {
      const d = ev.data;
      return {
        ...base,
        kind: 'rectification_rejected',
        recipient: d.communityCode,
        problemId: d.problemId,
        communityCode: d.communityCode,
        title: `整改被退回：${label(d.category)}`,
        body: `退回原因：${d.reason}`,
        data: { category: d.category, reason: d.reason },
      };
    }
    case 'RectificationEscalated': {
      const d = ev.data;
      const listed = d.bulletin ? '，计入月度督查通报' : d.supervised ? '，列入督办清单' : '';
      return {
        ...base,
        kind: 'rectification_escalated',
        recipient: d.notifiedCode,
        problemId: d.problemId,
        communityCode: d.communityCode,
        title: `整改逾期督办：${label(d.category)}（逾期${d.daysOverdue}天）`,
        body: `社区${d.communityCode}的整改已超过期限（${d.deadline}）${d.daysOverdue}天${listed}`,
        data: {
          step: d.step,
          level: d.level,
          daysOverdue: d.daysOverdue,
          deadline: d.deadline,
          supervised: d.supervised,
          bulletin: d.bulletin,
          category: d.category,
        },
      };
    }
    default:
      return undefined;
  }
}

export interface NotificationCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Omit<Notification, 'id' | 'seq'>;
}

/** The CloudEvent (1.0, structured JSON) a webhook receives; `id` lets it drop repeats. */
export function cloudEventOf(n: Notification): NotificationCloudEvent {
  const { id, seq, ...data } = n;
  void seq;
  return {
    specversion: '1.0',
    id,
    source: CLOUD_EVENT_SOURCE,
    type: CLOUD_EVENT_TYPE(n.kind),
    subject: n.problemId,
    time: n.at,
    datacontenttype: 'application/json',
    data,
  };
}
