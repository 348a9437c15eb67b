import type { EventToAppend, HistoryEvent, RecordedEvent } from '@chuangwen/contracts';

/**
 * The event-store port. Every adapter (SQLite, EventStoreDB) passes the same contract suite
 * (src/testing/event-store.contract.ts) unchanged.
 */
export type ExpectedRevision =
  /** Append whatever the stream's state. */
  | 'any'
  /** The stream must not exist yet. */
  | 'no_stream'
  /** The stream must exist. */
  | 'stream_exists'
  /** The stream's last event must have this revision (0-based). */
  | number;

export interface AppendResult {
  /** Revision of the last event now in the stream; pass it as expectedRevision next time. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of the batch. */
  readonly position: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit (or -1) for the beginning. */
  readonly after?: number;
  readonly maxCount?: number;
}

/**
 * The data keys a fold reads, by event type: for events of that type (and version, when given) a
 * history read may return `data` with these keys only (a key the stored data lacks comes back null).
 * A rebuild then neither moves nor parses titles, descriptions and ids it never looks at.
 */
export type HistoryFields = Readonly<Record<string, { readonly version?: number; readonly keys: readonly string[] }>>;

export interface HistoryOptions extends ReadAllOptions {
  readonly fields?: HistoryFields;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after it. */
  readonly after?: number;
  /** Largest batch handed to the handler at once. */
  readonly batchSize?: number;
  /** Delivers events in order; the next batch waits for the returned promise. */
  readonly onEvents: (events: RecordedEvent[]) => Promise<void> | void;
  /** A handler or store failure ends the subscription and lands here. */
  readonly onError?: (error: unknown) => void;
  /** Called each time the subscription has delivered everything the store holds. */
  readonly onCaughtUp?: (position: number) => void;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface EventStore {
  /**
   * Appends atomically. Fails with WrongExpectedRevisionError when the stream is not where the
   * caller thought. Appending a batch whose event ids are already in the stream is a no-op that
   * returns the original result (idempotent retries).
   */
  append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** The stream's events in order, or [] for a stream that does not exist. */
  readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }): Promise<RecordedEvent[]>;
  /** A page of the global log. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The same page with only what a fold needs (type, version, data, position, recordedAt): the
   * fast path of a rebuild, which reads the whole log and never looks at ids or metadata.
   * With `fields`, the data of the listed types is trimmed to the keys listed.
   */
  readHistory(options?: HistoryOptions): Promise<HistoryEvent[]>;
  /** Position of the last event in the store, or -1 when empty. */
  headPosition(): Promise<number>;
  /** Catch-up subscription: history after the checkpoint, then live events as they are appended. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, but it is at ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some, not all, of an append's event ids were already used: neither a retry nor a new append. */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: some event ids of this append were already used elsewhere`);
    this.name = 'DuplicateEventIdError';
  }
}
