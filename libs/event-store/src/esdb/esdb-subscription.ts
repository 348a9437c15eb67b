import type { SubscribeOptions, Subscription } from '../port';
import type { EsdbClient } from './esdb-client';
import { SubscriptionSession } from './esdb-subscription-session';

export interface ResubscribeSettings {
  /** Failed server subscriptions in a row (no delivery in between) before giving up. */
  readonly attempts: number;
  /** First wait before subscribing again, doubling up to maxMs. */
  readonly baseMs: number;
  readonly maxMs: number;
}

/** A handler's own failure: ends the subscription at once, never retried. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * The port's catch-up subscription over `subscribeToAll({ fromPosition, filter: non-system })`:
 * batches of up to `batchSize` to `onEvents`, one at a time. A connection that fails (server
 * restart, "consumer too slow", network) subscribes again after the last *delivered* position, so
 * nothing is skipped or repeated; after `attempts` failures in a row it ends and `onError` hears of it.
 */
export class EsdbCatchUpSubscription implements Subscription {
  private stopped = false;
  private session?: SubscriptionSession;
  private wakeSleep?: () => void;
  private readonly loop: Promise<void>;

  constructor(
    private readonly client: EsdbClient,
    private readonly options: SubscribeOptions,
    private readonly headPosition: () => Promise<number>,
    private readonly retry: ResubscribeSettings,
    onEnded: () => void,
  ) {
    this.loop = this.run()
      .catch((error: unknown) => {
        if (this.stopped) return;
        const cause = error instanceof HandlerFailure ? error.error : error;
        if (this.options.onError) this.options.onError(cause);
        else console.error('subscription failed', cause);
      })
      .finally(onEnded);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSleep?.();
    await this.session?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    const batchSize = Math.max(1, this.options.batchSize ?? 1000);
    let after = this.options.after ?? -1;
    let failures = 0;
    while (!this.stopped) {
      let session: SubscriptionSession | undefined;
      try {
        session = this.session = new SubscriptionSession(this.client, after, batchSize, this.headPosition);
        for (;;) {
          const next = await session.next();
          if (this.stopped) return;
          if (next === 'ended') throw new Error('the server ended the subscription');
          if (next === 'caught-up') {
            if (session.heardFromServer) failures = 0; // connected and caught up: a later drop counts afresh
            await deliver(() => this.options.onCaughtUp?.(after));
            continue;
          }
          await deliver(() => this.options.onEvents(next));
          after = next[next.length - 1].position;
          session.delivered(after);
          failures = 0;
        }
      } catch (error) {
        await session?.close();
        if (this.stopped || error instanceof HandlerFailure) throw error;
        if (++failures > this.retry.attempts) throw error;
        await this.sleep(Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (failures - 1)));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleep = done;
    });
  }
}

async function deliver(call: () => Promise<void> | void): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw new HandlerFailure(error);
  }
}
