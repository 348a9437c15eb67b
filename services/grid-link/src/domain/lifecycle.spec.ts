import type { RecordedEvent } from '@chuangwen/contracts';
import { cloudEventsOf, evolveTask, GRID_STAGES, RectificationTask } from './lifecycle';

const community = '620102001001';
let position = 0;
const ev = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    type,
    version: 1,
    data: { problemId: 'p-1', communityCode: community, ...data },
    eventId: `e-${++position}`,
    streamId: 'problem-p-1',
    revision: position,
    position,
    recordedAt: `2025-06-0${Math.min(position, 9)}T01:00:00.000Z`,
    metadata: {} as never,
  }) as RecordedEvent;

/** Folds the events and returns every CloudEvent they produce, in order. */
function run(events: RecordedEvent[]) {
  let task: RectificationTask | undefined;
  return events.flatMap((e) => {
    task = evolveTask(task, e);
    return task ? cloudEventsOf(e, task) : [];
  });
}

describe('grid lifecycle (上报 → 立案 → 派遣 → 处置 → 核查 → 结案) as CloudEvents', () => {
  const grid = {
    clientId: 'wg',
    gridEventId: 'WG-7',
    gridCellId: '620102001001-03',
    classCode: '0201',
    className: '非法小广告',
    category: 'illegal_posting',
    reportedAt: '2025-06-01T09:00:00+08:00',
  };
  const history = [
    ev('GridProblemReceived', grid),
    ev('ProblemRecorded', {
      category: 'illegal_posting',
      description: '小广告',
      source: 'grid',
      foundOn: '2025-06-01',
    }),
    ev('ProblemEvidenceAttached', { evidence: [] }),
    ev('RectificationNoticeIssued', {
      category: 'illegal_posting',
      deadline: '2025-06-10',
      requirements: '清除',
      issuedOn: '2025-06-02',
    }),
    ev('RectificationSubmitted', {
      category: 'illegal_posting',
      description: '已清除',
      evidence: [{ kind: 'photo', ref: 'p1' }],
      submittedOn: '2025-06-03',
    }),
    ev('RectificationRejected', { category: 'illegal_posting', reason: '未清除干净', rejectedOn: '2025-06-04' }),
    ev('RectificationOverdue', { category: 'illegal_posting', deadline: '2025-06-10' }),
    ev('RectificationSubmitted', {
      category: 'illegal_posting',
      description: '已清除',
      evidence: [{ kind: 'photo', ref: 'p2' }],
      submittedOn: '2025-06-05',
    }),
    ev('RectificationVerified', { category: 'illegal_posting', wasOverdue: true, verifiedOn: '2025-06-06' }),
  ];

  it('maps each change to its type and the step it completed, with the grid ids on every one', () => {
    const out = run(history);
    expect(out.map((c) => [c.type.replace('cn.chuangwen.', ''), c.data.stage, c.data.result ?? ''])).toEqual([
      ['problem.reported', '上报', ''],
      ['problem.registered', '立案', ''],
      ['rectification.dispatched', '派遣', ''],
      ['rectification.handled', '处置', ''],
      ['rectification.rejected', '核查', 'rejected'],
      ['rectification.overdue', '核查', ''],
      ['rectification.handled', '处置', ''],
      ['rectification.verified', '核查', 'passed'],
      ['rectification.closed', '结案', ''],
    ]);
    for (const c of out)
      expect(c.data).toMatchObject({
        problemId: 'p-1',
        communityCode: community,
        gridEventId: 'WG-7',
        gridCellId: '620102001001-03',
        gridClassCode: '0201',
      });
    expect(out.slice(-1)[0].data).toMatchObject({
      overdue: true,
      deadline: '2025-06-10',
      category: 'illegal_posting',
      source: 'grid',
      detail: { wasOverdue: true, verifiedOn: '2025-06-06' },
    });
    expect(new Set(out.map((c) => c.data.stage))).toEqual(new Set(GRID_STAGES));
  });

  it('builds structured CloudEvents 1.0 with ids derived from the source event (same on a replay)', () => {
    const [first] = run(history.slice(0, 1));
    expect(first).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: '/chuangwen/inspections',
      type: 'cn.chuangwen.problem.reported',
      subject: 'p-1',
      time: history[0].recordedAt,
      datacontenttype: 'application/json',
      data: expect.objectContaining({ stage: '上报' }),
    });
    const again = run(history).map((c) => c.id);
    expect(run(history).map((c) => c.id)).toEqual(again);
    expect(new Set(again).size).toBe(again.length);
  });

  it('sends an inspector-found problem without grid fields, starting at 立案', () => {
    const out = run([
      ev('ProblemRecorded', {
        problemId: 'p-2',
        category: 'littering',
        description: 'x',
        source: 'inspector',
        foundOn: '2025-06-01',
      }),
      ev('RectificationNoticeIssued', {
        problemId: 'p-2',
        category: 'littering',
        deadline: '2025-06-10',
        requirements: 'r',
        issuedOn: '2025-06-02',
      }),
    ]);
    expect(out.map((c) => c.data.stage)).toEqual(['立案', '派遣']);
    expect(out[0].data).not.toHaveProperty('gridEventId');
  });
});
