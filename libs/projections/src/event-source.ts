import type { HistoryEvent, RecordedEvent } from '@chuangwen/contracts';
import type { HistoryFields } from '@chuangwen/event-store';

/**
 * Where a projection's events come from: the event store's global log (embedded mode) or a bus
 * consumer (distributed mode). `subscribe` delivers events strictly after the checkpoint, in order.
 */
export interface EventSource {
  subscribe(options: {
    after: number;
    batchSize: number;
    onEvents: (events: RecordedEvent[]) => Promise<void>;
    onCaughtUp?: (position: number) => void;
    onError: (error: unknown) => void;
  }): { stop(): Promise<void> };
  /** A page of history, for rebuilds with a progress count. */
  readAll(options: { after: number; maxCount: number }): Promise<RecordedEvent[]>;
  /** The same page with only what a fold needs, for projections that replay history in memory (`fields`: see HistoryFields). */
  readHistory(options: { after: number; maxCount: number; fields?: HistoryFields }): Promise<HistoryEvent[]>;
  headPosition(): Promise<number>;
  /**
   * How far the projection is behind the source: events not applied yet (`after`: its checkpoint)
   * and when the oldest of them was recorded (absent: none known to be waiting).
   */
  behind?(after: number): Promise<{ events: number; oldestRecordedAt?: string }>;
}
