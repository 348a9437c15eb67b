import { Inject, Injectable } from '@nestjs/common';
import { DeliveryOutcome, outcomeOfStatus, signBody } from '@chuangwen/webhooks';
import type { NotificationCloudEvent } from '../domain/notification';
import { NOTIFICATIONS_OPTIONS, NotificationsOptions } from './options';
import type { Webhook } from './webhooks';

/**
 * The port a notification leaves through, besides the in-app inbox: one CloudEvent to one webhook,
 * and what came of it. Never throws for the far side's trouble.
 */
export interface NotificationTransport {
  send(webhook: Webhook, event: NotificationCloudEvent): Promise<DeliveryOutcome>;
}
export const NOTIFICATION_TRANSPORT = Symbol('NotificationTransport');

/** Headers of a delivery, signed like the grid link's: HMAC-SHA256 over `<timestamp>.<body>`. */
export const WEBHOOK_HEADERS = {
  id: 'x-chuangwen-webhook-id',
  timestamp: 'x-chuangwen-timestamp',
  signature: 'x-chuangwen-signature',
} as const;

/** HTTP POST in CloudEvents' structured mode (application/cloudevents+json), signed with the webhook's secret. */
@Injectable()
export class HttpNotificationTransport implements NotificationTransport {
  constructor(@Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions) {}

  async send(webhook: Webhook, event: NotificationCloudEvent): Promise<DeliveryOutcome> {
    const body = JSON.stringify(event);
    // Wall time, not the platform clock: the receiver checks it against its own.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'content-type': 'application/cloudevents+json; charset=utf-8',
      [WEBHOOK_HEADERS.id]: webhook.id,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: signBody(webhook.secret, timestamp, body),
    };
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.deliveryTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return outcomeOfStatus(response.status);
    } catch (e) {
      return { kind: 'retry', reason: (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message };
    }
  }
}
