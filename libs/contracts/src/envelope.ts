/**
 * The envelope every domain event travels in. Events are the platform's public contract:
 * `type` is a past-tense name, `version` is the schema version of `data`, and a published
 * (type, version) pair is never changed in place — a new version plus an upcaster instead.
 */

/** Who issued the command that produced an event, and the jurisdiction their authority covers. */
export interface Actor {
  /** Subject id from the bearer token (a person or a system client). */
  readonly id: string;
  readonly roles: readonly string[];
  /** The jurisdiction code the actor acts for (their scope); writes are allowed at or below it. */
  readonly jurisdiction: string;
}

export interface EventMetadata {
  readonly actor: Actor;
  /** The jurisdiction the event is about (usually a community committee's 12-digit code). */
  readonly jurisdictionCode: string;
  /** Business time: when the fact happened (an activity's holding time, a survey's date…). */
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string;
}

/** A domain event as plain data, before it is stored. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly version: number;
  readonly data: Data;
}

/** What a handler hands to the event store. */
export interface EventToAppend<E extends DomainEvent = DomainEvent> {
  readonly eventId: string;
  readonly type: E['type'];
  readonly version: number;
  readonly data: E['data'];
  readonly metadata: EventMetadata;
}

/** An event as read back from a store: positioned in its stream and in the global log. */
export interface StoredEventFields {
  readonly eventId: string;
  readonly metadata: EventMetadata;
  readonly streamId: string;
  /** 0-based revision within the stream. */
  readonly revision: number;
  /** Position in the store's global log; strictly increasing, not necessarily contiguous. */
  readonly position: number;
  /** When the store recorded it (ISO 8601). */
  readonly recordedAt: string;
}

/** Distributes over a union of events, so `switch (e.type)` narrows `e.data`. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent
  ? StoredEventFields & { readonly type: E['type']; readonly version: number; readonly data: E['data'] }
  : never;

/**
 * What a fold needs of a recorded event: type, version, data and where and when it was recorded.
 * Rebuilds read history in bulk in this shape (no ids, stream or metadata to read and parse).
 */
export type HistoryEvent<E extends DomainEvent = DomainEvent> = E extends DomainEvent
  ? Pick<StoredEventFields, 'position' | 'recordedAt'> & {
      readonly type: E['type'];
      readonly version: number;
      readonly data: E['data'];
    }
  : never;

/** Metadata every command carries: who issued it, for which jurisdiction, in which conversation. */
export interface CommandMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
  /** The id of the message (request, event) that caused this command, if any. */
  readonly causationId?: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}
