import { nameBasedId } from '@chuangwen/contracts';
import type { GridProblemReceived, InspectionsEvent } from '@chuangwen/contracts';
import { projectionSpec, SpecEvent } from '@chuangwen/projections/testing';
import { GRID_OUTBOX, GRID_TASKS, gridOutboxProjection } from './outbox.projection';

const community = '620102001001';
const ref = { problemId: 'p1', communityCode: community, category: 'sanitation_dead_corner' };

/** A source event with the id and time its CloudEvents are made from. */
const at = (eventId: string, recordedAt: string, e: InspectionsEvent | GridProblemReceived): SpecEvent => ({
  ...e,
  eventId,
  recordedAt,
});
const received = at('ev-received', '2025-06-01T01:00:00.000Z', {
  type: 'GridProblemReceived',
  version: 1,
  data: {
    ...ref,
    clientId: 'grid-1',
    gridEventId: 'AJ-2025-0001',
    gridCellId: 'cell-07',
    classCode: '0101',
    className: '暴露垃圾',
    reportedAt: '2025-06-01T08:55:00+08:00',
  },
});
const recorded = at('ev-recorded', '2025-06-01T01:00:00.000Z', {
  type: 'ProblemRecorded',
  version: 1,
  data: { ...ref, description: '楼道堆放垃圾', source: 'grid', foundOn: '2025-06-01' },
});
const noticed = at('ev-noticed', '2025-06-02T02:00:00.000Z', {
  type: 'RectificationNoticeIssued',
  version: 1,
  data: {
    ...ref,
    deadline: '2025-06-09',
    requirements: '清理楼道',
    issuedOn: '2025-06-02',
    noticeNo: '整改〔2025〕1号',
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
  data: { ...ref, reason: '仍有堆放', rejectedOn: '2025-06-06' },
});
const overdue = at('ev-overdue', '2025-06-10T16:00:00.000Z', {
  type: 'RectificationOverdue',
  version: 1,
  data: { ...ref, deadline: '2025-06-09' },
});
const verified = at('ev-verified', '2025-06-12T05:00:00.000Z', {
  type: 'RectificationVerified',
  version: 1,
  data: { ...ref, wasOverdue: true, verifiedOn: '2025-06-12' },
});

const grid = {
  clientId: 'grid-1',
  eventId: 'AJ-2025-0001',
  cellId: 'cell-07',
  classCode: '0101',
  className: '暴露垃圾',
};
const fromGrid = { gridEventId: 'AJ-2025-0001', gridCellId: 'cell-07', gridClassCode: '0101' };
const task = (over: Record<string, unknown>) => ({
  _id: 'p1',
  problemId: 'p1',
  communityCode: community,
  category: 'sanitation_dead_corner',
  source: 'grid',
  grid,
  overdue: false,
  ...over,
});
/** The outbox entry of one CloudEvent, as the dispatcher finds it: open, sent nowhere yet. */
const entry = (
  source: SpecEvent,
  seq: number,
  part: number,
  type: string,
  data: Record<string, unknown>,
  { problemId, communityCode } = { problemId: 'p1', communityCode: community },
) => {
  const id = nameBasedId(`${source.eventId}/cn.chuangwen.${type}`);
  return {
    _id: id,
    seq,
    part,
    problemId,
    communityCode,
    open: true,
    deliveredTo: [],
    refusedBy: [],
    event: {
      specversion: '1.0',
      id,
      source: '/chuangwen/inspections',
      type: `cn.chuangwen.${type}`,
      subject: problemId,
      time: source.recordedAt,
      datacontenttype: 'application/json',
      data: { problemId, communityCode, ...data },
    },
  };
};
const reportedEntry = entry(received, 1, 0, 'problem.reported', {
  stage: '上报',
  overdue: false,
  ...fromGrid,
  detail: {
    clientId: 'grid-1',
    gridEventId: 'AJ-2025-0001',
    gridCellId: 'cell-07',
    classCode: '0101',
    className: '暴露垃圾',
    reportedAt: '2025-06-01T08:55:00+08:00',
  },
});
const registeredEntry = entry(recorded, 2, 0, 'problem.registered', {
  category: 'sanitation_dead_corner',
  source: 'grid',
  stage: '立案',
  overdue: false,
  ...fromGrid,
  detail: { description: '楼道堆放垃圾', source: 'grid', foundOn: '2025-06-01' },
});
const dispatchedEntry = entry(noticed, 3, 0, 'rectification.dispatched', {
  category: 'sanitation_dead_corner',
  source: 'grid',
  stage: '派遣',
  overdue: false,
  deadline: '2025-06-09',
  ...fromGrid,
  detail: { deadline: '2025-06-09', requirements: '清理楼道', issuedOn: '2025-06-02', noticeNo: '整改〔2025〕1号' },
});
const resubmitted = at('ev-resubmitted', '2025-06-08T03:00:00.000Z', {
  type: 'RectificationSubmitted',
  version: 1,
  data: { ...ref, description: '已彻底清理', evidence: [{ kind: 'photo', ref: 'ph-2' }], submittedOn: '2025-06-08' },
});
/** What every CloudEvent of p1 carries once the problem is registered and noticed. */
const known = { category: 'sanitation_dead_corner', source: 'grid' };
const noticedFacts = { overdue: false, deadline: '2025-06-09', ...fromGrid };
const handledEntry = (source: SpecEvent, seq: number, description: string, photo: string, on: string) =>
  entry(source, seq, 0, 'rectification.handled', {
    ...known,
    stage: '处置',
    ...noticedFacts,
    detail: { description, evidence: [{ kind: 'photo', ref: photo }], submittedOn: on },
  });
const spec = () => projectionSpec(gridOutboxProjection);

describe('grid outbox projection', () => {
  it("registers a grid problem as a task with the grid's case, and queues 上报 then 立案 for the grid", () =>
    spec()
      .given([])
      .when([received, recorded])
      .then({
        [GRID_TASKS]: [task({ stage: '立案' })],
        [GRID_OUTBOX]: [reportedEntry, registeredEntry],
      }));

  it('tells the grid of the rework after a rejected 核查, then 核查 passed and 结案, each once however redelivered', () =>
    spec()
      .given([received, recorded, noticed, submitted, rejected])
      .when([resubmitted, verified], { times: 2 })
      .then({
        [GRID_TASKS]: [task({ stage: '结案', deadline: '2025-06-09' })],
        [GRID_OUTBOX]: [
          reportedEntry,
          registeredEntry,
          dispatchedEntry,
          handledEntry(submitted, 4, '已清理', 'ph-1', '2025-06-05'),
          entry(rejected, 5, 0, 'rectification.rejected', {
            ...known,
            stage: '核查',
            result: 'rejected',
            ...noticedFacts,
            detail: { reason: '仍有堆放', rejectedOn: '2025-06-06' },
          }),
          handledEntry(resubmitted, 6, '已彻底清理', 'ph-2', '2025-06-08'),
          entry(verified, 7, 0, 'rectification.verified', {
            ...known,
            stage: '核查',
            result: 'passed',
            ...noticedFacts,
            detail: { wasOverdue: true, verifiedOn: '2025-06-12' },
          }),
          entry(verified, 7, 1, 'rectification.closed', {
            ...known,
            stage: '结案',
            ...noticedFacts,
            detail: { wasOverdue: true, verifiedOn: '2025-06-12' },
          }),
        ],
      }));

  it('flags an overdue task without moving its step, and says so to the grid at the step it is at', () =>
    spec()
      .given([received, recorded, noticed])
      .when([overdue])
      .then({
        [GRID_TASKS]: [task({ stage: '派遣', deadline: '2025-06-09', overdue: true })],
        [GRID_OUTBOX]: [
          reportedEntry,
          registeredEntry,
          dispatchedEntry,
          entry(overdue, 4, 0, 'rectification.overdue', {
            ...known,
            stage: '派遣',
            ...noticedFacts,
            overdue: true,
            detail: { deadline: '2025-06-09' },
          }),
        ],
      }));

  it("keeps another community's problem apart, and queues nothing for a problem it never saw registered", () => {
    const other = { problemId: 'p2', communityCode: '620102002001' };
    const recordedThere = at('ev-other', '2025-06-03T00:00:00.000Z', {
      type: 'ProblemRecorded',
      version: 1,
      data: {
        ...other,
        category: 'illegal_posting',
        description: '乱贴乱画',
        source: 'inspector',
        foundOn: '2025-06-03',
      },
    });
    const unseen = at('ev-unseen', '2025-06-03T00:00:00.000Z', {
      type: 'RectificationNoticeIssued',
      version: 1,
      data: { ...ref, problemId: 'p9', deadline: '2025-06-10', requirements: '清理', issuedOn: '2025-06-03' },
    });
    return spec()
      .given([received, recorded])
      .when([recordedThere, unseen], { times: 2 })
      .then({
        [GRID_TASKS]: [
          task({ stage: '立案' }),
          { _id: 'p2', ...other, category: 'illegal_posting', source: 'inspector', stage: '立案', overdue: false },
        ],
        [GRID_OUTBOX]: [
          reportedEntry,
          registeredEntry,
          entry(
            recordedThere,
            3,
            0,
            'problem.registered',
            {
              category: 'illegal_posting',
              source: 'inspector',
              stage: '立案',
              overdue: false,
              detail: { description: '乱贴乱画', source: 'inspector', foundOn: '2025-06-03' },
            },
            other,
          ),
        ],
      });
  });
});
