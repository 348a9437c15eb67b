import { createHmac } from 'node:crypto';

/**
 * The grid link's signature scheme (docs/grid.md), for webhooks: HMAC-SHA256 keyed with the webhook's
 * secret over `<timestamp>.<raw body>`, as `sha256=<lowercase hex>`; the timestamp is signed too, so a
 * captured delivery cannot be replayed later under a fresh one.
 */
export function signBody(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}
