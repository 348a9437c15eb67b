import { nameBasedId } from '@chuangwen/contracts';
import type { RecordedEvent } from '@chuangwen/contracts';

/**
 * The grid's case lifecycle (GB/T 30428: 上报 → 立案 → 派遣 → 处置 → 核查 → 结案) over the platform's
 * problem and rectification events. Each outbound CloudEvent names the step the change completed;
 * the step after a rejected 核查 is 处置 again (the community reworks and resubmits).
 */
export const GRID_STAGES = ['上报', '立案', '派遣', '处置', '核查', '结案'] as const;
export type GridStage = (typeof GRID_STAGES)[number];

export const CLOUD_EVENT_TYPE_PREFIX = 'cn.chuangwen.';
export const CLOUD_EVENT_SOURCE = '/chuangwen/inspections';

/** What the platform's event means for the grid: the CloudEvent type and the step completed. */
export const LIFECYCLE: Readonly<
  Record<string, readonly { type: string; stage: GridStage | 'current'; result?: 'passed' | 'rejected' }[]>
> = {
  GridProblemReceived: [{ type: 'problem.reported', stage: '上报' }],
  ProblemRecorded: [{ type: 'problem.registered', stage: '立案' }],
  RectificationNoticeIssued: [{ type: 'rectification.dispatched', stage: '派遣' }],
  RectificationSubmitted: [{ type: 'rectification.handled', stage: '处置' }],
  RectificationRejected: [{ type: 'rectification.rejected', stage: '核查', result: 'rejected' }],
  RectificationVerified: [
    { type: 'rectification.verified', stage: '核查', result: 'passed' },
    { type: 'rectification.closed', stage: '结案' },
  ],
  // A flag, not a step: the task stays where it is, now overdue.
  RectificationOverdue: [{ type: 'rectification.overdue', stage: 'current' }],
};
export const LIFECYCLE_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(LIFECYCLE));

/** Where the grid came in, when it did. */
export interface GridOrigin {
  readonly clientId: string;
  readonly eventId: string;
  readonly cellId: string;
  readonly classCode: string;
  readonly className: string;
}

/** One problem's rectification task as the grid sees it (folded by the outbox projection). */
export interface RectificationTask {
  readonly problemId: string;
  readonly communityCode: string;
  readonly category?: string;
  readonly source?: string;
  readonly grid?: GridOrigin;
  readonly stage: GridStage;
  readonly overdue: boolean;
  readonly deadline?: string;
}

export interface CloudEvent<D = unknown> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: D;
}

export interface RectificationTaskData {
  readonly problemId: string;
  readonly communityCode: string;
  readonly category?: string;
  readonly source?: string;
  /** The lifecycle step this change completed. */
  readonly stage: GridStage;
  /** For 核查: passed (then 结案) or rejected (back to 处置). */
  readonly result?: 'passed' | 'rejected';
  readonly overdue: boolean;
  readonly deadline?: string;
  /** Present when the problem came from the grid: its event id and cell, for the grid to match. */
  readonly gridEventId?: string;
  readonly gridCellId?: string;
  readonly gridClassCode?: string;
  /** What the platform's event said (deadline, requirements, reason, evidence…). */
  readonly detail: Readonly<Record<string, unknown>>;
}

type Any = RecordedEvent;
const d = (e: Any) => e.data as Record<string, unknown>;

/** The task after an event: pure, so replays fold to the same task. */
export function evolveTask(task: RectificationTask | undefined, e: Any): RectificationTask | undefined {
  const data = d(e);
  const problemId = String(data.problemId);
  const base: RectificationTask = task ?? {
    problemId,
    communityCode: String(data.communityCode),
    stage: '上报',
    overdue: false,
  };
  switch (e.type) {
    case 'GridProblemReceived':
      return {
        ...base,
        grid: {
          clientId: String(data.clientId),
          eventId: String(data.gridEventId),
          cellId: String(data.gridCellId),
          classCode: String(data.classCode),
          className: String(data.className),
        },
      };
    case 'ProblemRecorded':
      return { ...base, category: String(data.category), source: String(data.source), stage: '立案' };
    case 'RectificationNoticeIssued':
      return task && { ...task, stage: '派遣', deadline: String(data.deadline) };
    case 'RectificationSubmitted':
      return task && { ...task, stage: '处置' };
    case 'RectificationRejected':
      return task && { ...task, stage: '核查' };
    case 'RectificationVerified':
      return task && { ...task, stage: '结案' };
    case 'RectificationOverdue':
      return task && { ...task, overdue: true };
    default:
      return task;
  }
}

/** The event's own facts worth telling the grid (ids and community are in the data already). */
function detailOf(e: Any): Record<string, unknown> {
  const { problemId: _p, communityCode: _c, category: _k, ...rest } = d(e);
  return rest;
}

/**
 * The CloudEvents (1.0, structured JSON) a platform event produces, given the task after it. The id
 * is derived from the source event's id and the type, so a replay produces the same ids and a
 * receiver can drop repeats (delivery is at least once).
 */
export function cloudEventsOf(e: Any, task: RectificationTask): CloudEvent<RectificationTaskData>[] {
  return (LIFECYCLE[e.type] ?? []).map(({ type, stage, result }) => {
    const fullType = `${CLOUD_EVENT_TYPE_PREFIX}${type}`;
    return {
      specversion: '1.0',
      id: nameBasedId(`${e.eventId}/${fullType}`),
      source: CLOUD_EVENT_SOURCE,
      type: fullType,
      subject: task.problemId,
      time: e.recordedAt,
      datacontenttype: 'application/json',
      data: {
        problemId: task.problemId,
        communityCode: task.communityCode,
        ...(task.category ? { category: task.category } : {}),
        ...(task.source ? { source: task.source } : {}),
        stage: stage === 'current' ? task.stage : stage,
        ...(result ? { result } : {}),
        overdue: task.overdue,
        ...(task.deadline ? { deadline: task.deadline } : {}),
        ...(task.grid
          ? { gridEventId: task.grid.eventId, gridCellId: task.grid.cellId, gridClassCode: task.grid.classCode }
          : {}),
        detail: detailOf(e),
      },
    };
  });
}
