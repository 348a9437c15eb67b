import { createHmac } from 'node:crypto';

/**
 * The platform's webhook signature, shared by the grid link (docs/grid.md) and the notifications'
 * webhooks (docs/field-work.md): HMAC-SHA256 keyed with the receiver's secret over
 * `<timestamp>.<raw body>`, as `sha256=<lowercase hex>`. The timestamp is signed too, so a captured
 * delivery cannot be replayed later under a fresh one.
 */
export function signBody(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}
