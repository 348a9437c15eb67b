import type { HistoryEvent, RecordedEvent } from '@chuangwen/contracts';
import type { CollectionSpec, PackedDocs, ReadDoc } from '@chuangwen/read-store';
import type { UnitOfWork } from './unit-of-work';

/**
 * A projection turns events into read models. It sees events in global order, in batches, and
 * changes documents only through the unit of work, which makes every change idempotent by position.
 */
export interface Projection {
  /** Also the checkpoint's key; rename it (or bump a suffix) to force a rebuild after a logic change. */
  readonly name: string;
  readonly collections: readonly CollectionSpec[];
  /** Event types it cares about; others only move the checkpoint. */
  readonly handles: ReadonlySet<string>;
  /** Applies the batch's relevant events, in order. Must be deterministic: no clock, no randomness. */
  apply(events: readonly RecordedEvent[], uow: UnitOfWork): Promise<void>;
  /**
   * Work deferred from `apply` to once per document rather than once per event (re-evaluating a
   * community, rolling it up): called once before the unit of work commits, after one or (in a
   * rebuild) many `apply` calls. The result must not depend on how events were split into calls.
   */
  settle?(uow: UnitOfWork): Promise<void>;
  /**
   * A rebuild from zero in memory: folds the whole history (pages of the events it handles, in
   * order, at their current version) and yields the final documents, each once, for a bulk load.
   * It must leave exactly what `apply` and `settle` leave over the same events (its spec compares
   * them); `_pos` is set by the runner. Without it a rebuild goes through `apply` in windows.
   */
  replay?(history: AsyncIterable<readonly HistoryEvent[]>): AsyncIterable<ReplayedDocs>;
  /**
   * The data keys `replay` reads, by event type (at the type's current version): the history it is
   * given may leave the others out. A type not listed comes whole.
   */
  readonly historyFields?: Readonly<Record<string, readonly string[]>>;
}

/** Final documents of one collection, yielded by `replay` in chunks of any size, as objects or packed texts. */
export interface ReplayedDocs {
  readonly collection: string;
  readonly docs: readonly Omit<ReadDoc, '_pos'>[] | PackedDocs;
  /** No more documents of this collection follow: it may be indexed while the replay goes on. */
  readonly complete?: boolean;
}

export type { ReadDoc };
