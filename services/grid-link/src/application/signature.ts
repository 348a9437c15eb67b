import { timingSafeEqual } from 'node:crypto';
import { signBody } from '@chuangwen/webhooks';

/**
 * The grid link's message signature: HMAC-SHA256, keyed with the client's secret, over
 * `<timestamp>.<raw body>` — the timestamp is signed too, so a captured request cannot be replayed
 * later under a fresh timestamp. Headers: X-Grid-Key-Id, X-Grid-Timestamp (Unix seconds),
 * X-Grid-Signature: `sha256=<lowercase hex>`. Outbound deliveries are signed the same way.
 */
export const GRID_HEADERS = {
  keyId: 'x-grid-key-id',
  timestamp: 'x-grid-timestamp',
  signature: 'x-grid-signature',
} as const;

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Checks a signature and, when `maxAgeSeconds` is given, that the timestamp lies within that many
 * seconds of `now` either way (a stale or future-dated request is refused even when well signed).
 */
export function verifySignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string | Buffer;
  now?: Date;
  maxAgeSeconds?: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: `${GRID_HEADERS.timestamp} must be Unix seconds` };
  if (!signature || !/^sha256=[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: `${GRID_HEADERS.signature} must be sha256=<64 lowercase hex digits>` };
  const expected = Buffer.from(signBody(input.secret, timestamp, input.body));
  if (!timingSafeEqual(expected, Buffer.from(signature)))
    return { ok: false, reason: 'the signature does not match the body' };
  if (input.maxAgeSeconds !== undefined && input.now) {
    const skew = Math.abs(Math.floor(input.now.getTime() / 1000) - Number(timestamp));
    if (skew > input.maxAgeSeconds)
      return {
        ok: false,
        reason: `the timestamp is ${skew} s away from the server's time (at most ${input.maxAgeSeconds} s): stale or replayed`,
      };
  }
  return { ok: true };
}
