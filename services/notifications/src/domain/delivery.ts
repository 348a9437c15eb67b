/**
 * The delivery policy of the grid link (services/grid-link/src/domain/backoff.ts), kept here as the
 * same few lines rather than imported: contexts never import each other (.dependency-cruiser.cjs).
 * Back-off: `baseMs` after the first failure, doubling, capped at `maxMs`, no jitter.
 */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}

export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly status?: number }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly status?: number };

/** 2xx (and 409: had it already) delivered; 408, 425, 429, 5xx tried again; any other 4xx refused for good. */
export function outcomeOfStatus(status: number): DeliveryOutcome {
  if ((status >= 200 && status < 300) || status === 409) return { kind: 'delivered', status };
  if (status === 408 || status === 425 || status === 429 || status >= 500)
    return { kind: 'retry', status, reason: `HTTP ${status}` };
  return { kind: 'refused', status, reason: `HTTP ${status}` };
}
