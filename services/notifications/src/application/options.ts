export interface NotificationsOptions {
  /** How often the outbox is delivered to the webhooks (ms); 0: only when `tick()` is called. */
  readonly dispatchIntervalMs: number;
  /** Back-off of a failing webhook: base doubling per failure, capped (as the grid link's). */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly deliveryTimeoutMs: number;
}

export const DEFAULT_NOTIFICATIONS_OPTIONS: NotificationsOptions = {
  dispatchIntervalMs: 2_000,
  retryBaseMs: 1_000,
  retryMaxMs: 5 * 60_000,
  deliveryTimeoutMs: 10_000,
};

export const NOTIFICATIONS_OPTIONS = Symbol('NotificationsOptions');
