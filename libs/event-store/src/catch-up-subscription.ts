import type { RecordedEvent } from '@chuangwen/contracts';
import type { ReadAllOptions, SubscribeOptions, Subscription } from './port';

export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Resolves when more events may be there (a notification, a poll tick) or the signal aborts. */
  waitForMore(signal: AbortSignal): Promise<void>;
}

/**
 * A catch-up subscription over any store that can page its global log: reads history after the
 * checkpoint in batches, then waits for more. Delivery is sequential: the next batch waits for the
 * handler, so a slow projection applies back-pressure instead of buffering without bound.
 */
export function catchUpSubscription(options: CatchUpSource & SubscribeOptions): Subscription {
  const abort = new AbortController();
  const batchSize = options.batchSize ?? 1000;
  const loop = (async () => {
    let after = options.after ?? -1;
    while (!abort.signal.aborted) {
      const batch = await options.readAll({ after, maxCount: batchSize });
      if (abort.signal.aborted) break;
      if (batch.length > 0) {
        await options.onEvents(batch);
        after = batch[batch.length - 1].position;
        continue;
      }
      options.onCaughtUp?.(after);
      await options.waitForMore(abort.signal);
    }
  })().catch((error) => {
    if (abort.signal.aborted) return;
    if (options.onError) options.onError(error);
    else console.error('subscription failed', error);
  });
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
