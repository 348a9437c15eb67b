import { Inject, Injectable, Optional } from '@nestjs/common';
import { MESSAGE_BUS } from '@chuangwen/messaging';
import type { MessageBus } from '@chuangwen/messaging';
import { DeliveryOutcome, outcomeOfStatus } from '@chuangwen/webhooks';
import { signBody } from '@chuangwen/webhooks';
import { GRID_HEADERS } from './signature';
import type { CloudEvent } from '../domain/lifecycle';
import type { GridEndpoint } from './endpoints';
import { GRID_LINK_OPTIONS, GridLinkOptions } from './options';

/** Sends one CloudEvent to one endpoint and says what came of it; never throws for the far side's trouble. */
export interface GridTransport {
  send(endpoint: GridEndpoint, event: CloudEvent): Promise<DeliveryOutcome>;
}
export const GRID_TRANSPORT = Symbol('GridTransport');

/**
 * HTTP: a POST in CloudEvents' structured mode (application/cloudevents+json), signed like the
 * inbound webhook when the endpoint belongs to a client. Kafka (distributed mode): the outbound
 * topic, keyed by problem id so a problem's events stay in order.
 */
@Injectable()
export class DefaultGridTransport implements GridTransport {
  private readonly secrets: ReadonlyMap<string, string>;

  constructor(
    @Inject(GRID_LINK_OPTIONS) private readonly options: GridLinkOptions,
    @Optional() @Inject(MESSAGE_BUS) private readonly bus?: MessageBus,
  ) {
    this.secrets = new Map(options.clients.map((c) => [c.keyId, c.secret]));
  }

  async send(endpoint: GridEndpoint, event: CloudEvent): Promise<DeliveryOutcome> {
    const body = JSON.stringify(event);
    if (endpoint.kind === 'kafka') {
      if (!this.bus) return { kind: 'retry', reason: 'no message bus in this process' };
      try {
        await this.bus.publish(endpoint.target, [
          {
            key: event.subject,
            value: body,
            headers: {
              'ce-id': event.id,
              'ce-type': event.type,
              'ce-source': event.source,
              'ce-specversion': event.specversion,
              'content-type': 'application/cloudevents+json',
            },
          },
        ]);
        return { kind: 'delivered' };
      } catch (e) {
        return { kind: 'retry', reason: `kafka: ${(e as Error).message}` };
      }
    }
    const headers: Record<string, string> = { 'content-type': 'application/cloudevents+json; charset=utf-8' };
    const secret = endpoint.clientId ? this.secrets.get(endpoint.clientId) : undefined;
    if (secret) {
      // Wall time, not the platform clock: the receiver checks it against its own.
      const timestamp = String(Math.floor(Date.now() / 1000));
      Object.assign(headers, {
        [GRID_HEADERS.keyId]: endpoint.clientId,
        [GRID_HEADERS.timestamp]: timestamp,
        [GRID_HEADERS.signature]: signBody(secret, timestamp, body),
      });
    }
    try {
      const response = await fetch(endpoint.target, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.deliveryTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined); // drain: frees the connection
      return outcomeOfStatus(response.status);
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { kind: 'retry', reason: cause ?? (e as Error).message };
    }
  }
}
