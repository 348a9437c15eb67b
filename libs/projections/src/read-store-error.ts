import type { ReadStore } from '@chuangwen/read-store';

/**
 * A read-store call failed (the store is down, refused a write…). Marked so a source can tell it
 * from a projection's own failure on an event: the store may come back, so its failures are
 * retried without end, while an event the projection keeps failing on is poison.
 */
export class ReadStoreError extends Error {
  constructor(override readonly cause: unknown) {
    super(`read store: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'ReadStoreError';
  }
}

export const isReadStoreError = (e: unknown): e is ReadStoreError => (e as Error)?.name === 'ReadStoreError';

const mark = (e: unknown): never => {
  throw isReadStoreError(e) ? e : new ReadStoreError(e);
};

/** The store with every failure marked as a ReadStoreError. */
export function markingFailures(store: ReadStore): ReadStore {
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = value.apply(target, args);
          return result instanceof Promise ? result.catch(mark) : result;
        } catch (e) {
          return mark(e);
        }
      };
    },
  });
}
