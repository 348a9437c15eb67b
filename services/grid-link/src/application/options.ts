import type { GridClientConfig } from './grid-clients';

export interface GridLinkOptions {
  readonly clients: readonly GridClientConfig[];
  /** A request's X-Grid-Timestamp may be this far from the server's clock (s). */
  readonly signatureToleranceSeconds: number;
  /** How often the dispatcher delivers the outbox (ms); 0: only when `tick()` is called (tests). */
  readonly dispatchIntervalMs: number;
  /** Back-off of an endpoint that fails: base doubling per failure, capped. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** One HTTP delivery's time limit (ms). */
  readonly deliveryTimeoutMs: number;
  /**
   * Distributed mode: how long a grid.inbound message naming a community the registry does not
   * hold is retried before it is dead-lettered (the registry projection may be catching up).
   */
  readonly unknownCommunityWaitMs: number;
  /** Distributed mode: topic and consumer-group prefixes (grid.inbound, grid.outbound). */
  readonly kafka?: { readonly topicPrefix: string; readonly groupPrefix: string };
}

export const DEFAULT_GRID_LINK_OPTIONS: GridLinkOptions = {
  clients: [],
  signatureToleranceSeconds: 300,
  dispatchIntervalMs: 2_000,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  deliveryTimeoutMs: 10_000,
  unknownCommunityWaitMs: 10 * 60_000,
};

export const GRID_LINK_OPTIONS = Symbol('GridLinkOptions');
