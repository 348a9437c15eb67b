import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, isWithin } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { OutboxDispatcher, PassReport, RecipientHealth } from '@chuangwen/webhooks';
import { READ_STORE, ReadStore, replicaLease } from '@chuangwen/read-store';
import { NOTIFICATION_OUTBOX, NotificationOutboxDoc } from './inbox.projection';
import { NOTIFICATIONS_OPTIONS, NotificationsOptions } from './options';
import { NOTIFICATION_TRANSPORT, NotificationTransport } from './transport';
import { NotificationWebhooks, Webhook } from './webhooks';

/** Name under which the dispatcher commits its delivery marks, and of its duty among replicas. */
const WRITER = 'notifications.dispatcher';

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
  private readonly dispatcher: OutboxDispatcher<Webhook, NotificationOutboxDoc>;

  constructor(
    @Inject(READ_STORE) reads: ReadStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(NOTIFICATIONS_OPTIONS) options: NotificationsOptions,
    @Inject(NOTIFICATION_TRANSPORT) transport: NotificationTransport,
    webhooks: NotificationWebhooks,
  ) {
    this.dispatcher = new OutboxDispatcher<Webhook, NotificationOutboxDoc>(
      {
        load: async () => ({
          recipients: await webhooks.all(),
          entries: await reads.find<NotificationOutboxDoc>(NOTIFICATION_OUTBOX, { open: true }, { sort: { seq: 1 } }),
        }),
        covers,
        send: (webhook, entry) => transport.send(webhook, entry.event),
        save: (entry) => reads.commit(WRITER, [{ collection: NOTIFICATION_OUTBOX, put: entry, derived: true }], 0),
        describe: (webhook, entry) =>
          `webhook ${webhook.id}${entry ? ` on ${entry.event.type} ${entry.event.id}` : ''}`,
        uncovered: 'close',
      },
      {
        intervalMs: options.dispatchIntervalMs,
        retryBaseMs: options.retryBaseMs,
        retryMaxMs: options.retryMaxMs,
        now: () => clock.now().getTime(),
        log: this.logger,
        lease: replicaLease(reads, WRITER),
      },
    );
  }

  onApplicationBootstrap(): void {
    this.dispatcher.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.dispatcher.stop();
  }

  /** A webhook's failures and when it is tried next (epoch ms; 0: now). */
  healthOf(id: string): RecipientHealth {
    return this.dispatcher.healthOf(id);
  }

  tick(): Promise<DispatchReport> {
    return this.dispatcher.tick();
  }
}

/** A webhook hears what happens at and below its jurisdiction, from its registration on. */
const covers = (w: Webhook, entry: NotificationOutboxDoc) =>
  isWithin(entry.recipient, w.jurisdictionCode) && entry.at >= w.registeredAt;
