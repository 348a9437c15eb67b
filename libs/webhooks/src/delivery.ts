/**
 * The delivery policy of every outbound webhook (the grid link, notifications). Exponential back-off of a
 * failing endpoint: `baseMs` after the first failure, doubling per
 * failure, capped at `maxMs`. No jitter: one dispatcher per platform, and tests can predict it.
 */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}

/** What a delivery attempt came to: sent, refused for good by the receiver, or to be tried again. */
export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly status?: number }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly status?: number };

/**
 * An HTTP answer's meaning: 2xx delivered (409 too: the receiver has it already); 408, 425, 429 and
 * 5xx are passing troubles, tried again; any other 4xx is the receiver refusing this event for good.
 */
export function outcomeOfStatus(status: number): DeliveryOutcome {
  if ((status >= 200 && status < 300) || status === 409) return { kind: 'delivered', status };
  if (status === 408 || status === 425 || status === 429 || status >= 500)
    return { kind: 'retry', status, reason: `HTTP ${status}` };
  return { kind: 'refused', status, reason: `HTTP ${status}` };
}
