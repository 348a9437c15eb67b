import type { RecordedEvent } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';
import {
  CloudEvent,
  cloudEventsOf,
  evolveTask,
  LIFECYCLE_EVENT_TYPES,
  RectificationTask,
  RectificationTaskData,
} from '../domain/lifecycle';

export const GRID_TASKS = 'grid_tasks';
export const GRID_OUTBOX = 'grid_outbox';

export interface TaskDoc extends ReadDoc, RectificationTask {}

/**
 * One CloudEvent waiting for (or done with) delivery. The projection writes it once; the dispatcher
 * then records to which endpoints it went (`deliveredTo`, `refusedBy`) and closes it (`open`).
 */
export interface OutboxDoc extends ReadDoc {
  /** The source event's position, then its rank among that event's CloudEvents: delivery order. */
  readonly seq: number;
  readonly part: number;
  readonly problemId: string;
  readonly communityCode: string;
  readonly open: boolean;
  readonly deliveredTo: readonly string[];
  readonly refusedBy: readonly string[];
  readonly event: CloudEvent<RectificationTaskData>;
}

/**
 * The outbound side's outbox: each problem's rectification task, folded from the problem's events,
 * and each change as CloudEvents. Idempotent by position (a replay rewrites nothing), and
 * deterministic: ids come from the source events. A problem's events share a stream, a Kafka key
 * and a partition, so in distributed mode too they arrive in order.
 */
export const gridOutboxProjection: Projection = {
  name: 'grid-link.outbox',
  collections: [
    { name: GRID_TASKS, indexes: [{ fields: { communityCode: 1 } }] },
    { name: GRID_OUTBOX, indexes: [{ fields: { open: 1, seq: 1 } }, { fields: { problemId: 1, seq: 1 } }] },
  ],
  handles: LIFECYCLE_EVENT_TYPES,
  async apply(events, uow) {
    for (const e of events as readonly RecordedEvent[]) {
      const problemId = String((e.data as { problemId?: unknown }).problemId);
      let after: RectificationTask | undefined;
      const applied = await uow.update<TaskDoc>(GRID_TASKS, problemId, e, (doc) => {
        const before = doc ? stripDoc(doc) : undefined;
        after = evolveTask(before, e);
        return after ? { ...after, _id: problemId, _pos: e.position } : (doc ?? null);
      });
      if (!applied || !after) continue;
      const task = after;
      for (const [part, event] of cloudEventsOf(e, task).entries()) {
        const entry: OutboxDoc = {
          _id: event.id,
          _pos: e.position,
          seq: e.position,
          part,
          problemId,
          communityCode: task.communityCode,
          open: true,
          deliveredTo: [],
          refusedBy: [],
          event,
        };
        await uow.update<OutboxDoc>(GRID_OUTBOX, event.id, e, (doc) => doc ?? entry);
      }
    }
  },
};

function stripDoc(doc: TaskDoc): RectificationTask {
  const { _id, _pos, _lanes, _v, ...task } = doc as TaskDoc & { _lanes?: unknown };
  return task;
}
