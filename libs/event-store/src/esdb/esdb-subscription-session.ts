import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { RecordedEvent } from '@chuangwen/contracts';
import type { EsdbClient, EsdbSubscriptionStream } from './esdb-client';
import { commitPositionOf, fromResolvedEvent, NON_SYSTEM_EVENTS, toReadPosition, toSafeNumber } from './esdb-mapping';

/**
 * One server subscription to $all after `after`, until it fails, ends or is closed. Events queue
 * while a batch is handled; at `batchSize` queued the client stream is paused (gRPC flow control then
 * stops the server) and resumed once the queue is half empty, so a slow handler never makes it
 * buffer without bound. "Caught up" comes from the server (23.10+ sends it) or, on servers that do
 * not, from passing the head position read when the session started.
 */
export class SubscriptionSession {
  private readonly stream: EsdbSubscriptionStream;
  private readonly queue: RecordedEvent[] = [];
  /** Position of the last event queued (ours), and of the last event seen at all. */
  private lastQueued: number;
  private lastSeen: number;
  private error: unknown;
  private ended = false;
  private closed = false;
  /** Whether the server sends caught-up / fell-behind messages, and its last word. */
  private serverSignals = false;
  private serverLive = false;
  private head: number | undefined;
  /** Caught up was reported and nothing was delivered since. */
  private reportedCaughtUp = false;
  private waiter?: () => void;
  /** The server answered: an event or a caught-up message came (the head fallback is not an answer). */
  heardFromServer = false;

  constructor(
    client: EsdbClient,
    after: number,
    private readonly batchSize: number,
    headPosition: () => Promise<number>,
  ) {
    this.lastQueued = after;
    this.lastSeen = after;
    this.stream = client.subscribeToAll({ fromPosition: toReadPosition(after), filter: NON_SYSTEM_EVENTS });
    this.stream.on('data', (resolved: AllStreamResolvedEvent) => this.onData(resolved));
    // Stays for the stream's whole life: a late error after close() is ignored, not thrown.
    this.stream.on('error', (error: unknown) => {
      this.error ??= error;
      this.wake();
    });
    this.stream.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.stream.on('caughtUp', () => this.serverSaid(true));
    this.stream.on('fellBehind', () => this.serverSaid(false));
    headPosition().then(
      (head) => {
        this.head = head;
        this.wake();
      },
      () => undefined, // only a fallback: without it the server's message decides
    );
  }

  private onData(resolved: AllStreamResolvedEvent): void {
    if (this.closed) return;
    this.heardFromServer = true;
    try {
      const commit = commitPositionOf(resolved);
      if (commit !== undefined) this.lastSeen = Math.max(this.lastSeen, toSafeNumber(commit));
      const e = fromResolvedEvent(resolved);
      // A server that includes the start position (or repeats an event) is skipped past.
      if (e && e.position > this.lastQueued) {
        this.queue.push(e);
        this.lastQueued = e.position;
      }
    } catch (error) {
      this.error ??= error;
    }
    if (this.queue.length >= this.batchSize && !this.stream.isPaused()) this.stream.pause();
    this.wake();
  }

  private get live(): boolean {
    if (this.serverSignals) return this.serverLive;
    return this.head !== undefined && this.lastSeen >= this.head;
  }

  /** The next batch; 'caught-up' once everything is delivered; 'ended' when the server or close() ended it. Throws the stream's error. */
  async next(): Promise<RecordedEvent[] | 'caught-up' | 'ended'> {
    let coalesced = false;
    for (;;) {
      if (this.closed) return 'ended';
      if (this.queue.length > 0) {
        if (this.queue.length < this.batchSize && !coalesced) {
          coalesced = true; // let events arriving in the same tick join the batch
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        const batch = this.queue.splice(0, this.batchSize);
        if (this.stream.isPaused() && this.queue.length <= this.batchSize / 2) this.stream.resume();
        return batch;
      }
      if (this.error !== undefined) throw this.error;
      if (this.ended) return 'ended';
      // Events the client still buffers (paused) come first.
      if (this.live && !this.reportedCaughtUp && this.stream.readableLength === 0) {
        this.reportedCaughtUp = true;
        return 'caught-up';
      }
      if (this.stream.isPaused()) this.stream.resume();
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** A batch up to `position` was handled: caught up is worth reporting again. */
  delivered(position: number): void {
    this.lastSeen = Math.max(this.lastSeen, position);
    this.reportedCaughtUp = false;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    this.stream.removeAllListeners('data');
    try {
      await this.stream.unsubscribe();
    } catch {
      // already gone
    }
    this.stream.destroy();
  }

  private serverSaid(live: boolean): void {
    this.heardFromServer = this.serverSignals = true;
    this.serverLive = live;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
