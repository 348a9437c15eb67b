import { platformEventCatalog } from '@chuangwen/contracts';
import type { EventCatalog, RecordedEvent } from '@chuangwen/contracts';
import type { EventStore, Subscription } from '@chuangwen/event-store';
import type { ReadStore } from '@chuangwen/read-store';
import { BusLog, consoleLog, retryDelay } from '../delivery';
import type { MessageBus, OutgoingMessage } from '../port';
import { EVENT_HEADERS, TOPIC_PREFIX, topicOf } from '../topics';
import type { Lease } from '@chuangwen/read-store';

/** Where the relay remembers the last position it published. */
export interface Checkpoint {
  /** The last published position, or -1 before the first batch. */
  load(): Promise<number>;
  save(position: number): Promise<void>;
}

/** The checkpoint as a "projection" without documents in the read store (its checkpoint table). */
export const readStoreCheckpoint = (store: ReadStore, name = 'relay.bus'): Checkpoint => ({
  load: () => store.checkpoint(name),
  save: (position) => store.commit(name, [], position),
});

/**
 * An event as an integration message, at its type's current version: on its context's topic, keyed by the jurisdiction it is
 * about (a community's events stay in order), the whole recorded envelope as the value.
 * Undefined for a type the catalog does not know.
 */
export function integrationMessage(
  stored: RecordedEvent,
  catalog: EventCatalog,
  prefix = TOPIC_PREFIX,
): { topic: string; message: OutgoingMessage } | undefined {
  const spec = catalog.get(stored.type);
  if (!spec) return undefined;
  // Topics carry the documented (current) version: an event stored at an older one is upcast first.
  const event = catalog.upcast(stored);
  return {
    topic: topicOf(spec.context, prefix),
    message: {
      // Every event carries its jurisdiction; the stream id only guards a malformed one against a null key.
      key: event.metadata?.jurisdictionCode || event.streamId,
      value: JSON.stringify(event),
      headers: {
        [EVENT_HEADERS.type]: event.type,
        [EVENT_HEADERS.id]: event.eventId,
        [EVENT_HEADERS.position]: String(event.position),
        [EVENT_HEADERS.schemaVersion]: String(event.version),
      },
    },
  };
}

export interface EventRelayOptions {
  readonly store: EventStore;
  readonly bus: MessageBus;
  readonly checkpoint: Checkpoint;
  /** Routes types to contexts (default: the platform catalog). */
  readonly catalog?: EventCatalog;
  readonly batchSize?: number;
  /** Topic names are `<prefix><context>` ('chuangwen.'); tests use their own prefix. */
  readonly topicPrefix?: string;
  /** After a failure the relay starts again from its checkpoint, `retryBaseMs` (500) doubling up to `retryMaxMs` (30 s) later. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly log?: BusLog;
  /**
   * For several relays on one store: only the lease's holder publishes, the others stand by and
   * take over from the checkpoint once it goes silent. Without a lease the relay always publishes.
   */
  readonly lease?: Lease;
  /** How often the lease is renewed, or tried by a standby (1000 ms; well under its timeout). */
  readonly leaseIntervalMs?: number;
}

/** The lease went to another relay: this one stops publishing and stands by. */
export class LeaseLostError extends Error {
  constructor() {
    super('relay: the lease went to another relay');
    this.name = 'LeaseLostError';
  }
}

/**
 * Publishes the event store's log to the bus: a catch-up subscription from the checkpoint; per
 * batch, publish, then save the batch's last position. A crash in between publishes the batch
 * again (at least once; consumers are idempotent by position). Several relays on one store need a
 * `lease`: only its holder publishes, and it renews the lease (a fenced write) before each
 * checkpoint, so a relay that was taken over stops at its next batch.
 */
export class EventRelay {
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private leaseTimer?: NodeJS.Timeout;
  private running = false;
  private failures = 0;
  private position = -1;
  private caughtUp = false;
  private readonly catalog: EventCatalog;
  private readonly log: BusLog;
  private readonly unknown = new Set<string>();

  constructor(private readonly options: EventRelayOptions) {
    this.catalog = options.catalog ?? platformEventCatalog();
    this.log = options.log ?? consoleLog;
  }

  async start(): Promise<void> {
    this.running = true;
    if (this.options.lease) await this.campaign();
    else await this.subscribe();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.leaseTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    // Handing over at once: a standby need not wait for the lease to time out.
    await this.options.lease?.release().catch(() => undefined);
  }

  /** The last position published and checkpointed, whether it was the store's head then, and (with a lease) whether this relay publishes. */
  status(): { position: number; caughtUp: boolean; running: boolean; leader: boolean; term?: number } {
    const lease = this.options.lease;
    return {
      position: this.position,
      caughtUp: this.caughtUp,
      running: this.running,
      leader: lease ? lease.held() : this.running,
      ...(lease ? { term: lease.term() } : {}),
    };
  }

  /** Renews or tries the lease every interval; subscribes on taking it, stops on losing it. */
  private async campaign(): Promise<void> {
    const lease = this.options.lease!;
    let held: boolean;
    try {
      held = await lease.acquire();
    } catch (error) {
      held = lease.held(); // the store blinked: still ours until the lease's own time runs out
      this.log('warn', 'relay: the lease could not be renewed', { error });
    }
    if (!this.running) return;
    if (held && !this.subscription && !this.timer) {
      this.log('warn', `relay: took the lease (term ${lease.term()}), publishing from the checkpoint`, {});
      await this.subscribe().catch((e) => this.failed(e));
    } else if (!held && this.subscription) {
      const s = this.subscription;
      this.subscription = undefined;
      await s.stop();
    }
    if (this.running) this.leaseTimer = setTimeout(() => void this.campaign(), this.options.leaseIntervalMs ?? 1000);
  }

  private async subscribe(): Promise<void> {
    if (this.options.lease && !this.options.lease.held()) return; // standing by: campaign() subscribes
    this.position = await this.options.checkpoint.load();
    if (!this.running) return; // stopped meanwhile
    this.subscription = this.options.store.subscribeToAll({
      after: this.position,
      batchSize: this.options.batchSize ?? 500,
      onEvents: (events) => this.relay(events),
      onCaughtUp: (p) => (this.caughtUp = p === this.position),
      onError: (error) => this.failed(error),
    });
  }

  private async relay(events: readonly RecordedEvent[]): Promise<void> {
    const lease = this.options.lease;
    if (lease && !lease.held()) throw new LeaseLostError();
    this.caughtUp = false;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const e of events) {
      const routed = integrationMessage(e, this.catalog, this.options.topicPrefix);
      if (!routed) {
        // Skipped, checkpoint moves on: an unknown type is a catalog gap, not a reason to stop the
        // whole platform's integration; the warning names it (once per type and process).
        if (!this.unknown.has(e.type))
          this.log('warn', `relay: event type ${e.type} is not in the catalog; not published`, {
            position: e.position,
          });
        this.unknown.add(e.type);
        continue;
      }
      const list = byTopic.get(routed.topic) ?? [];
      byTopic.set(routed.topic, list);
      list.push(routed.message);
    }
    // Topics in turn: order matters only within a key, and a key's events are on one topic.
    for (const [topic, messages] of byTopic) await this.options.bus.publish(topic, messages);
    const last = events[events.length - 1].position;
    // The fence: a relay taken over meanwhile fails this renewal and saves nothing. What it did
    // publish is a repeat of what the new holder publishes from the checkpoint (consumers drop it).
    if (lease && !(await lease.acquire())) throw new LeaseLostError();
    await this.options.checkpoint.save(last);
    this.position = last;
    this.failures = 0;
  }

  private failed(error: unknown): void {
    this.subscription = undefined;
    if (!this.running) return;
    if (error instanceof LeaseLostError) {
      this.log('warn', `relay: lost the lease at position ${this.position}; standing by`, {});
      return; // campaign() subscribes again if it takes the lease back
    }
    const delay = retryDelay(++this.failures, this.options.retryBaseMs ?? 500, this.options.retryMaxMs ?? 30_000);
    this.log(
      'warn',
      `relay: publishing failed at position ${this.position}, starting again from the checkpoint in ${delay} ms`,
      { error },
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running) this.subscribe().catch((e) => this.failed(e));
    }, delay);
  }
}
