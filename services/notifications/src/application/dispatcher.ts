import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, isWithin } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { backoffDelay, DeliveryOutcome } from '@chuangwen/webhooks';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { NOTIFICATION_OUTBOX, NotificationOutboxDoc } from './inbox.projection';
import { NOTIFICATIONS_OPTIONS, NotificationsOptions } from './options';
import { NOTIFICATION_TRANSPORT, NotificationTransport } from './transport';
import { NotificationWebhooks, Webhook } from './webhooks';

const WRITER = 'notifications.dispatcher';

export interface DispatchReport {
  readonly delivered: number;
  readonly refused: number;
  readonly failed: number;
  readonly backingOff: number;
  readonly open: number;
}

type Mut<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Delivers the outbox to the webhooks, at least once, as the grid link's dispatcher does: per webhook
 * in outbox order, stopping at its first failure and backing off (doubling, capped) on the platform
 * clock; a refusal (4xx) is recorded and passed over. Each delivery is marked at once, so a process
 * killed mid-pass sends at most that one CloudEvent again (receivers drop repeats by id). An entry
 * closes when every webhook that covers it and was registered before it has it.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDispatcher');
  private readonly backoff = new Map<string, { failures: number; nextAttemptAt: number; lastError?: string }>();
  private running?: Promise<DispatchReport>;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions,
    @Inject(NOTIFICATION_TRANSPORT) private readonly transport: NotificationTransport,
    private readonly webhooks: NotificationWebhooks,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.dispatchIntervalMs <= 0) return;
    this.timer = setInterval(
      () => void this.tick().catch((e) => this.logger.error(`dispatch failed: ${(e as Error).message}`)),
      this.options.dispatchIntervalMs,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** A webhook's failures and when it is tried next (epoch ms; 0: now). */
  healthOf(id: string) {
    return this.backoff.get(id) ?? { failures: 0, nextAttemptAt: 0 };
  }

  tick(): Promise<DispatchReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<DispatchReport> {
    const webhooks = await this.webhooks.all();
    const entries = await this.reads.find<NotificationOutboxDoc>(
      NOTIFICATION_OUTBOX,
      { open: true },
      { sort: { seq: 1 } },
    );
    const count = { delivered: 0, refused: 0, failed: 0, backingOff: 0 };
    for (const [i, entry] of entries.entries()) {
      if (!webhooks.some((w) => covers(w, entry))) entries[i] = await this.close(entry); // nobody listens: nothing to deliver
    }
    for (const webhook of webhooks) {
      const health = this.backoff.get(webhook.id) ?? { failures: 0, nextAttemptAt: 0 };
      this.backoff.set(webhook.id, health);
      if (health.nextAttemptAt > this.clock.now().getTime()) {
        count.backingOff++;
        continue;
      }
      for (const [i, entry] of entries.entries()) {
        if (
          !entry.open ||
          !covers(webhook, entry) ||
          entry.deliveredTo.includes(webhook.id) ||
          entry.refusedBy.includes(webhook.id)
        )
          continue;
        const outcome: DeliveryOutcome = await this.transport
          .send(webhook, entry.event)
          .catch((e: Error) => ({ kind: 'retry' as const, reason: e.message }));
        if (outcome.kind === 'retry') {
          health.failures++;
          health.nextAttemptAt =
            this.clock.now().getTime() +
            backoffDelay(health.failures, this.options.retryBaseMs, this.options.retryMaxMs);
          health.lastError = outcome.reason;
          count.failed++;
          this.logger.warn(
            `webhook ${webhook.id} failed (${outcome.reason}); attempt ${health.failures}, next in ${health.nextAttemptAt - this.clock.now().getTime()} ms`,
          );
          break;
        }
        Object.assign(health, { failures: 0, nextAttemptAt: 0 });
        if (outcome.kind === 'refused') count.refused++;
        else count.delivered++;
        entries[i] = await this.mark(
          entry,
          webhook,
          outcome.kind === 'refused' ? 'refusedBy' : 'deliveredTo',
          webhooks,
        );
      }
    }
    return { ...count, open: entries.filter((e) => e.open).length };
  }

  private async mark(
    entry: NotificationOutboxDoc,
    webhook: Webhook,
    field: 'deliveredTo' | 'refusedBy',
    webhooks: readonly Webhook[],
  ): Promise<NotificationOutboxDoc> {
    const next: Mut<NotificationOutboxDoc> = { ...entry, [field]: [...entry[field], webhook.id] };
    next.open = webhooks.some(
      (w) => covers(w, next) && !next.deliveredTo.includes(w.id) && !next.refusedBy.includes(w.id),
    );
    await this.reads.commit(WRITER, [{ collection: NOTIFICATION_OUTBOX, put: next, derived: true }], 0);
    return next;
  }

  private async close(entry: NotificationOutboxDoc): Promise<NotificationOutboxDoc> {
    const next = { ...entry, open: false };
    await this.reads.commit(WRITER, [{ collection: NOTIFICATION_OUTBOX, put: next, derived: true }], 0);
    return next;
  }
}

/** A webhook hears what happens at and below its jurisdiction, from its registration on. */
const covers = (w: Webhook, entry: NotificationOutboxDoc) =>
  isWithin(entry.recipient, w.jurisdictionCode) && entry.at >= w.registeredAt;
