/**
 * The bus port between services (distributed mode). Messages are keyed — a key's messages stay in
 * order — and delivered at least once: a consumer's position moves only after its handler resolved,
 * so handlers must be idempotent (projections are, by event position).
 * Adapters: in-process (tests, one process) and Kafka; both pass src/testing/bus.contract.ts.
 */
export interface OutgoingMessage {
  /** Chooses the partition (same key → same partition → kept in order). */
  readonly key: string;
  /** JSON text. */
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface IncomingMessage extends OutgoingMessage {
  readonly topic: string;
  readonly partition: number;
  /** The partition offset, as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ConsumeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Where a group without committed offsets starts: the earliest message (default) or only
   * messages published after `consume` resolved.
   */
  readonly fromBeginning?: boolean;
  /**
   * Messages of one partition, in order. A consumer hands over one batch at a time (never two
   * at once, so handlers need no locking) unless `partitionsConcurrently` says otherwise; the
   * partition's offset is committed once the promise resolves. A rejection hands the same messages
   * again later, after a growing pause.
   */
  readonly handle: (messages: IncomingMessage[]) => Promise<void>;
  /**
   * A message the handler cannot process (it throws a PoisonMessageError naming it) goes here with
   * the reason, and the rest of the batch is handed again. Without this topic a poison message is
   * retried like any error: nothing is dropped silently.
   */
  readonly deadLetterTopic?: string;
  /**
   * The consumer stopped for good on a failure the adapter cannot recover from (the broker
   * refuses the group or a topic). Without it that would be invisible: handler errors never land
   * here, they are retried.
   */
  readonly onError?: (error: unknown) => void;
  /**
   * Up to this many partitions' batches in the handler at once (default 1); a partition still has
   * one batch at a time. For a handler that gathers several partitions into one unit of work.
   */
  readonly partitionsConcurrently?: number;
}

export interface Consumer {
  /** Waits for the batch in hand, commits it if it was handled, and leaves the group. */
  stop(): Promise<void>;
}

export interface MessageBus {
  /** Resolves once the bus holds the messages durably, in the given order per key. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Resolves once the consumer has joined its group and fixed its starting offsets. */
  consume(options: ConsumeOptions): Promise<Consumer>;
  /**
   * Forgets the group's committed offsets, so its next consumer starts where `fromBeginning` says:
   * a rebuild in distributed mode. Fails with GroupActiveError while a consumer of the group runs.
   */
  resetGroup(groupId: string): Promise<void>;
  /** Messages of the topics the group has not committed yet (its consumer lag), summed over partitions. */
  lag(groupId: string, topics: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

/** Thrown by a handler for a message that can never be processed (malformed, unknown version…). */
export class PoisonMessageError extends Error {
  constructor(
    message: string,
    readonly offending: IncomingMessage,
  ) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

export class GroupActiveError extends Error {
  constructor(readonly groupId: string) {
    super(`consumer group ${groupId} has running consumers`);
    this.name = 'GroupActiveError';
  }
}

export const MESSAGE_BUS = Symbol('MessageBus');
