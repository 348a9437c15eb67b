import type { RecordedEvent } from '@chuangwen/contracts';
import { cloudEventOf, notificationOf } from './notification';

const community = '620102001001';
const recorded = (type: string, data: Record<string, unknown>, position = 7): RecordedEvent =>
  ({
    eventId: `e-${position}`,
    type,
    version: 1,
    data,
    position,
    recordedAt: '2025-06-04T02:00:00.000Z',
    streamId: 'problem-p-1',
    revision: 3,
    metadata: {} as never,
  }) as RecordedEvent;
const label = (c: string) => ({ random_piling: '乱堆乱放' })[c] ?? c;
const p = { problemId: 'p-1', communityCode: community, category: 'random_piling' };

describe('what each rectification event notifies, and to whom', () => {
  it('an escalation goes to the office notified, saying how late and whether it is listed', () => {
    const n = notificationOf(
      recorded('RectificationEscalated', {
        ...p,
        step: 2,
        level: 'district',
        notifiedCode: '620102',
        daysOverdue: 3,
        deadline: '2025-06-03',
        supervised: true,
        bulletin: false,
        ladderOf: '620102',
        at: '2025-06-06T02:00:00.000Z',
      }),
      label,
    );
    expect(n).toMatchObject({
      id: 'e-7',
      seq: 7,
      kind: 'rectification_escalated',
      recipient: '620102',
      title: '整改逾期督办：乱堆乱放（逾期3天）',
      body: `社区${community}的整改已超过期限（2025-06-03）3天，列入督办清单`,
    });
  });

  it('a notice and a rejection go to the community; a submission to its street, which verifies', () => {
    expect(
      notificationOf(
        recorded('RectificationNoticeIssued', {
          ...p,
          deadline: '2025-06-03',
          requirements: '清理楼道',
          issuedOn: '2025-06-01',
        }),
        label,
      ),
    ).toMatchObject({ recipient: community, kind: 'rectification_notice', body: '请于2025-06-03前完成整改：清理楼道' });
    expect(
      notificationOf(recorded('RectificationRejected', { ...p, reason: '仍有杂物', rejectedOn: '2025-06-05' }), label),
    ).toMatchObject({ recipient: community, kind: 'rectification_rejected', body: '退回原因：仍有杂物' });
    expect(
      notificationOf(
        recorded('RectificationSubmitted', { ...p, description: '已清理', evidence: [], submittedOn: '2025-06-05' }),
        label,
      ),
    ).toMatchObject({ recipient: '620102001', kind: 'rectification_submitted' });
    expect(
      notificationOf(
        recorded('ProblemRecorded', { ...p, description: 'x', source: 'inspector', foundOn: '2025-06-01' }),
        label,
      ),
    ).toBeUndefined();
  });

  it('the CloudEvent carries the notification, its id the source event’s (receivers drop repeats)', () => {
    const n = notificationOf(
      recorded('RectificationRejected', { ...p, reason: '仍有杂物', rejectedOn: '2025-06-05' }),
      label,
    )!;
    expect(cloudEventOf(n)).toEqual({
      specversion: '1.0',
      id: 'e-7',
      source: '/chuangwen/notifications',
      type: 'cn.chuangwen.notification.rectification-rejected',
      subject: 'p-1',
      time: '2025-06-04T02:00:00.000Z',
      datacontenttype: 'application/json',
      data: {
        kind: 'rectification_rejected',
        recipient: community,
        title: '整改被退回：乱堆乱放',
        body: '退回原因：仍有杂物',
        problemId: 'p-1',
        communityCode: community,
        at: '2025-06-04T02:00:00.000Z',
        data: { category: 'random_piling', reason: '仍有杂物' },
      },
    });
  });
});
