import type { Lease } from '@chuangwen/read-store';
import { OutboxDelivery, OutboxEntry, OutboxRoute, PassReport, Recipient, RecipientHealth } from './outbox-delivery';
import { PassLoop } from './pass-loop';

export interface OutboxDispatcherOptions {
  /** How often a pass runs (ms); 0: only when `tick()` is called (tests). */
  readonly intervalMs: number;
  /** Back-off of a failing recipient: base doubling per failure, capped. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** The platform clock's epoch ms. */
  now(): number;
  readonly log: { warn(message: string): void; error(message: string): void };
  /** Replicas sharing the outbox: only the lease's holder delivers (absent: this process alone). */
  readonly lease?: Lease;
}

/**
 * An outbox delivered on a timer: the walk (`OutboxDelivery`), its loop (`PassLoop`), and the lease
 * that lets one replica at a time do it. `load` finds the recipients and the open entries, in order.
 */
export class OutboxDispatcher<R extends Recipient, E extends OutboxEntry> {
  private readonly delivery: OutboxDelivery<R, E>;
  private readonly loop: PassLoop<PassReport>;

  constructor(
    route: OutboxRoute<R, E> & { load(): Promise<{ recipients: readonly R[]; entries: E[] }> },
    private readonly options: OutboxDispatcherOptions,
  ) {
    this.delivery = new OutboxDelivery(route, { ...options, warn: (m) => options.log.warn(m) });
    this.loop = new PassLoop(
      options.intervalMs,
      () => this.delivery.pass(() => route.load(), options.lease),
      (e) => options.log.error(`dispatch failed: ${e.message}`),
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Stops the timer, waits for the pass under way and hands the lease over at once. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.options.lease?.release().catch(() => undefined);
  }

  /** One pass; a pass already under way is joined, never run twice at once. */
  tick(): Promise<PassReport> {
    return this.loop.tick();
  }

  healthOf(id: string): RecipientHealth {
    return this.delivery.healthOf(id);
  }
}
