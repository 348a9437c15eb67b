import { DynamicModule, Module } from '@nestjs/common';
import type { Projection } from '@chuangwen/projections';
import { NotificationDispatcher } from './application/dispatcher';
import { NotificationInbox } from './application/inbox';
import { notificationInboxProjection } from './application/inbox.projection';
import { DEFAULT_NOTIFICATIONS_OPTIONS, NOTIFICATIONS_OPTIONS, NotificationsOptions } from './application/options';
import { HttpNotificationTransport, NOTIFICATION_TRANSPORT } from './application/transport';
import { NotificationWebhooks } from './application/webhooks';
import { NotificationsController } from './http/notifications.controller';

/**
 * Notifications of rectification work (a notice, a submission to verify, a rejection, an escalation):
 * in the app (an inbox per jurisdiction, read marks per user) and to the offices' webhooks (signed
 * CloudEvents from an outbox, retried with back-off). Needs READ_STORE and CLOCK; contributes its projection.
 */
@Module({})
export class NotificationsModule {
  static readonly projections: readonly Projection[] = [notificationInboxProjection];

  static forRoot(options: Partial<NotificationsOptions> = {}): DynamicModule {
    return {
      module: NotificationsModule,
      controllers: [NotificationsController],
      providers: [
        { provide: NOTIFICATIONS_OPTIONS, useValue: { ...DEFAULT_NOTIFICATIONS_OPTIONS, ...options } },
        { provide: NOTIFICATION_TRANSPORT, useClass: HttpNotificationTransport },
        NotificationWebhooks,
        NotificationInbox,
        NotificationDispatcher,
      ],
      exports: [NotificationDispatcher, NotificationInbox, NotificationWebhooks],
    };
  }
}
