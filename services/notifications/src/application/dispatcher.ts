import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, isWithin } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { OutboxDelivery, PassLoop, PassReport, RecipientHealth } from '@chuangwen/webhooks';
import { READ_STORE, ReadStore, ReadStoreLease } from '@chuangwen/read-store';
import { NOTIFICATION_OUTBOX, NotificationOutboxDoc } from './inbox.projection';
import { NOTIFICATIONS_OPTIONS, NotificationsOptions } from './options';
import { NOTIFICATION_TRANSPORT, NotificationTransport } from './transport';
import { NotificationWebhooks, Webhook } from './webhooks';

/** Name under which the dispatcher commits its delivery marks, and of its duty among replicas. */
const WRITER = 'notifications.dispatcher';
/** A replica that holds the duty and stops renewing it (killed) is taken over after this long. */
const DUTY_TTL_MS = 10_000;

export type DispatchReport = PassReport;

/**
 * Delivers the outbox to the webhooks, at least once, as the grid link's dispatcher does
 * (`OutboxDelivery`): per webhook in outbox order, stopping at its first failure and backing off on
 * the platform clock. An entry closes when every webhook that covers it and was registered before it
 * has it; one nobody listens to closes at once. Replicas sharing the read store take turns (a lease),
 * so none sends what another sends.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDispatcher');
  private readonly delivery: OutboxDelivery<Webhook, NotificationOutboxDoc>;
  private readonly loop: PassLoop<DispatchReport>;
  /** Absent when this process alone writes the store (embedded). */
  private readonly duty?: ReadStoreLease;

  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(NOTIFICATIONS_OPTIONS) options: NotificationsOptions,
    @Inject(NOTIFICATION_TRANSPORT) transport: NotificationTransport,
    private readonly webhooks: NotificationWebhooks,
  ) {
    this.delivery = new OutboxDelivery<Webhook, NotificationOutboxDoc>(
      {
        covers,
        send: (webhook, entry) => transport.send(webhook, entry.event),
        save: (entry) => reads.commit(WRITER, [{ collection: NOTIFICATION_OUTBOX, put: entry, derived: true }], 0),
        describe: (webhook, entry) =>
          `webhook ${webhook.id}${entry ? ` on ${entry.event.type} ${entry.event.id}` : ''}`,
        uncovered: 'close',
      },
      {
        retryBaseMs: options.retryBaseMs,
        retryMaxMs: options.retryMaxMs,
        now: () => clock.now().getTime(),
        warn: (m) => this.logger.warn(m),
      },
    );
    this.loop = new PassLoop(
      options.dispatchIntervalMs,
      () => this.pass(),
      (e) => this.logger.error(`dispatch failed: ${e.message}`),
    );
    if (!reads.exclusive) this.duty = new ReadStoreLease(reads, { name: WRITER, ttlMs: DUTY_TTL_MS });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.duty?.release().catch(() => undefined);
  }

  /** A webhook's failures and when it is tried next (epoch ms; 0: now). */
  healthOf(id: string): RecipientHealth {
    return this.delivery.healthOf(id);
  }

  tick(): Promise<DispatchReport> {
    return this.loop.tick();
  }

  private async pass(): Promise<DispatchReport> {
    return this.delivery.pass(
      async () => ({
        recipients: await this.webhooks.all(),
        entries: await this.reads.find<NotificationOutboxDoc>(
          NOTIFICATION_OUTBOX,
          { open: true },
          { sort: { seq: 1 } },
        ),
      }),
      this.duty,
    );
  }
}

/** A webhook hears what happens at and below its jurisdiction, from its registration on. */
const covers = (w: Webhook, entry: NotificationOutboxDoc) =>
  isWithin(entry.recipient, w.jurisdictionCode) && entry.at >= w.registeredAt;
