import type { InspectionsEvent } from '@chuangwen/contracts';
import { projectionSpec, SpecEvent } from '@chuangwen/projections/testing';
import type { NotificationKind } from '../domain/notification';
import { NOTIFICATION_OUTBOX, NOTIFICATIONS, notificationInboxProjection } from './inbox.projection';

const community = '620102001001';
const street = '620102001';
const ref = { problemId: 'p1', communityCode: community, category: 'sanitation_dead_corner' };

/** A source event with the id and time its notification takes. */
const at = (eventId: string, recordedAt: string, e: InspectionsEvent): SpecEvent => ({ ...e, eventId, recordedAt });
const recorded = at('ev-recorded', '2025-06-01T01:00:00.000Z', {
  type: 'ProblemRecorded',
  version: 1,
  data: { ...ref, description: '楼道堆放杂物', source: 'inspector', foundOn: '2025-06-01' },
});
const noticed = at('ev-noticed', '2025-06-02T02:00:00.000Z', {
  type: 'RectificationNoticeIssued',
  version: 1,
  data: {
    ...ref,
    deadline: '2025-06-09',
    requirements: '清理楼道杂物',
    issuedOn: '2025-06-02',
    noticeNo: '〔2025〕7号',
  },
});
const submitted = at('ev-submitted', '2025-06-05T03:00:00.000Z', {
  type: 'RectificationSubmitted',
  version: 1,
  data: { ...ref, description: '已清理', evidence: [{ kind: 'photo', ref: 'ph-1' }], submittedOn: '2025-06-05' },
});
const rejected = at('ev-rejected', '2025-06-06T04:00:00.000Z', {
  type: 'RectificationRejected',
  version: 1,
  data: { ...ref, reason: '仍有杂物', rejectedOn: '2025-06-06' },
});
const verified = at('ev-verified', '2025-06-08T05:00:00.000Z', {
  type: 'RectificationVerified',
  version: 1,
  data: { ...ref, wasOverdue: false, verifiedOn: '2025-06-08' },
});

/** What a recipient reads in the app, and the webhook's open entry for it (one id: the source event's). */
const told = (
  source: SpecEvent,
  seq: number,
  n: { kind: NotificationKind; recipient: string; title: string; body: string; data: Record<string, unknown> },
  problem = ref,
) => {
  // The webhook's data: the notification without its id and seq (the CloudEvent's id, the order).
  const data = { ...n, problemId: problem.problemId, communityCode: problem.communityCode, at: source.recordedAt };
  return {
    inbox: { _id: source.eventId, id: source.eventId, ...data, seq },
    outbox: {
      _id: source.eventId,
      seq,
      recipient: n.recipient,
      at: source.recordedAt,
      open: true,
      deliveredTo: [],
      refusedBy: [],
      event: {
        specversion: '1.0',
        id: source.eventId,
        source: '/chuangwen/notifications',
        type: `cn.chuangwen.notification.${n.kind.replace(/_/g, '-')}`,
        subject: problem.problemId,
        time: source.recordedAt,
        datacontenttype: 'application/json',
        data,
      },
    },
  };
};
const noticeTold = told(noticed, 2, {
  kind: 'rectification_notice',
  recipient: community,
  title: '整改通知：卫生死角',
  body: '请于2025-06-09前完成整改：清理楼道杂物',
  data: { deadline: '2025-06-09', category: 'sanitation_dead_corner', noticeNo: '〔2025〕7号' },
});
const spec = () => projectionSpec(notificationInboxProjection);

describe('notification inbox projection', () => {
  it('tells the community of a rectification notice, in the app and on its webhooks', () =>
    spec()
      .given([recorded])
      .when([noticed])
      .then({ [NOTIFICATIONS]: [noticeTold.inbox], [NOTIFICATION_OUTBOX]: [noticeTold.outbox] }));

  it('tells the street a submission awaits its check and the community why it was sent back, once each', () => {
    const submittedTold = told(submitted, 3, {
      kind: 'rectification_submitted',
      recipient: street,
      title: '待核查：卫生死角',
      body: `社区${community}已提交整改：已清理`,
      data: { category: 'sanitation_dead_corner', submittedOn: '2025-06-05' },
    });
    const rejectedTold = told(rejected, 4, {
      kind: 'rectification_rejected',
      recipient: community,
      title: '整改被退回：卫生死角',
      body: '退回原因：仍有杂物',
      data: { category: 'sanitation_dead_corner', reason: '仍有杂物' },
    });
    return spec()
      .given([recorded, noticed])
      .when([submitted, rejected, verified], { times: 2 })
      .then({
        [NOTIFICATIONS]: [noticeTold.inbox, submittedTold.inbox, rejectedTold.inbox],
        [NOTIFICATION_OUTBOX]: [noticeTold.outbox, submittedTold.outbox, rejectedTold.outbox],
      });
  });

  it('tells the office an escalation reached that the rectification is overdue, and whether it is listed', () => {
    const escalated = (
      eventId: string,
      step: number,
      level: 'street' | 'district',
      listed: 'supervised' | 'bulletin',
    ) =>
      at(eventId, `2025-06-1${step}T01:00:00.000Z`, {
        type: 'RectificationEscalated',
        version: 1,
        data: {
          ...ref,
          step,
          level,
          notifiedCode: level === 'street' ? street : '620102',
          daysOverdue: step * 3,
          deadline: '2025-06-09',
          supervised: listed === 'supervised',
          bulletin: listed === 'bulletin',
          ladderOf: '000000',
          at: `2025-06-1${step}T01:00:00.000Z`,
        },
      });
    const first = escalated('ev-esc-1', 1, 'street', 'supervised');
    const second = escalated('ev-esc-2', 2, 'district', 'bulletin');
    const escalationTold = (source: SpecEvent, seq: number, step: number, recipient: string, level: string) => {
      const bulletin = step === 2;
      return told(source, seq, {
        kind: 'rectification_escalated',
        recipient,
        title: `整改逾期督办：卫生死角（逾期${step * 3}天）`,
        body: `社区${community}的整改已超过期限（2025-06-09）${step * 3}天${bulletin ? '，计入月度督查通报' : '，列入督办清单'}`,
        data: {
          step,
          level,
          daysOverdue: step * 3,
          deadline: '2025-06-09',
          supervised: !bulletin,
          bulletin,
          category: 'sanitation_dead_corner',
        },
      });
    };
    const one = escalationTold(first, 3, 1, street, 'street');
    const two = escalationTold(second, 4, 2, '620102', 'district');
    return spec()
      .given([recorded, noticed])
      .when([first, second])
      .then({
        [NOTIFICATIONS]: [noticeTold.inbox, one.inbox, two.inbox],
        [NOTIFICATION_OUTBOX]: [noticeTold.outbox, one.outbox, two.outbox],
      });
  });

  it("addresses another community's notice to that community alone; a category off the catalog keeps its id", () => {
    const other = { problemId: 'p2', communityCode: '620102002001', category: 'unlisted_category' };
    const there = at('ev-there', '2025-06-03T00:00:00.000Z', {
      type: 'RectificationNoticeIssued',
      version: 1,
      data: { ...other, deadline: '2025-06-10', requirements: '处理', issuedOn: '2025-06-03' },
    });
    const thereTold = told(
      there,
      3,
      {
        kind: 'rectification_notice',
        recipient: other.communityCode,
        title: '整改通知：unlisted_category',
        body: '请于2025-06-10前完成整改：处理',
        // No notice number given: none stored (a field set to undefined is not kept).
        data: { deadline: '2025-06-10', category: 'unlisted_category' },
      },
      other,
    );
    return spec()
      .given([recorded, noticed])
      .when([there])
      .then({
        [NOTIFICATIONS]: [noticeTold.inbox, thereTold.inbox],
        [NOTIFICATION_OUTBOX]: [noticeTold.outbox, thereTold.outbox],
      });
  });
});
