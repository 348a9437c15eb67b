import { randomUUID } from 'node:crypto';
import type { Actor, DomainEvent, EventToAppend, RecordedEvent } from '@chuangwen/contracts';
import { EventStore, WrongExpectedRevisionError } from '@chuangwen/event-store';

/**
 * Emmett's decider shape: state is folded from the stream's events with `evolve`, and `decide`
 * turns a command and the current state into new events. Both are pure.
 */
export interface Decider<State, Cmd, Evt extends DomainEvent> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Evt) => State;
  readonly decide: (command: Cmd, state: State) => Evt[];
}

export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
  /** When the command was handled (the injected clock). */
  readonly now: Date;
}

export interface HandledCommand<Evt> {
  readonly events: Evt[];
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event, or of the stream's head when nothing was appended. */
  readonly position: number;
}

export interface EventPlacement<Evt> {
  /** The jurisdiction an event is about; travels in metadata (Kafka key, projections). */
  readonly jurisdictionOf: (event: Evt) => string;
  /** Business time of an event; defaults to the handling time. */
  readonly occurredAt?: (event: Evt) => string | undefined;
}

/** A stream's state, folded from its events: what a command on it is decided on. */
export async function stateOf<State, Evt extends DomainEvent>(
  store: EventStore,
  streamId: string,
  fold: Pick<Decider<State, unknown, Evt>, 'evolve' | 'initialState'>,
): Promise<State> {
  return foldStream(await store.readStream(streamId), fold);
}

const foldStream = <State, Evt>(
  stored: readonly RecordedEvent[],
  fold: { evolve(s: State, e: Evt): State; initialState(): State },
): State => stored.reduce((s, e) => fold.evolve(s, e as unknown as Evt), fold.initialState());

/**
 * Loads a stream, decides, and appends at the revision it read. A concurrent writer makes the
 * append fail; the command is then decided again on the fresher state (a few times at most).
 */
export async function handleCommand<State, Cmd, Evt extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Cmd, Evt>,
  command: Cmd,
  context: CommandContext,
  placement: EventPlacement<Evt>,
  attempts = 3,
): Promise<HandledCommand<Evt>> {
  for (let attempt = 1; ; attempt++) {
    const stored = await store.readStream(streamId);
    const state = foldStream<State, Evt>(stored, decider);
    const events = decider.decide(command, state);
    const head = stored.length ? stored[stored.length - 1] : undefined;
    if (events.length === 0)
      return { events, nextExpectedRevision: head?.revision ?? -1, position: head?.position ?? -1 };
    const toAppend: EventToAppend[] = events.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      version: event.version,
      data: event.data,
      metadata: {
        actor: context.actor,
        jurisdictionCode: placement.jurisdictionOf(event),
        occurredAt: placement.occurredAt?.(event) ?? context.now.toISOString(),
        correlationId: context.correlationId,
        causationId: context.causationId ?? context.correlationId,
      },
    }));
    try {
      const result = await store.append(streamId, toAppend, { expectedRevision: head ? head.revision : 'no_stream' });
      return { events, ...result };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= attempts) throw error;
    }
  }
}
