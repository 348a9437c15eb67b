import { EventEmitter } from 'node:events';
import type { Client } from 'pg';

/**
 * `LISTEN` on the store's channel, on one connection of its own (opened by the first subscription,
 * again after it breaks): counts the notifications appends send on commit and wakes the subscriptions
 * waiting for them. While it is down, subscriptions poll.
 */
export class StoreNotifications {
  /** Notifications received so far: a subscription compares it before and after a read. */
  count = 0;
  private readonly notified = new EventEmitter();
  private listener?: Promise<Client | undefined>;
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    /** Resolves once the table exists (the store's pool is up). */
    private readonly ready: () => Promise<unknown>,
  ) {
    this.notified.setMaxListeners(0);
  }

  listen(): void {
    if (this.closed || this.listener) return;
    this.listener = (async () => {
      await this.ready();
      const { Client } = await import('pg');
      const client = new Client({ connectionString: this.connectionString });
      client.on('error', () => {
        this.listener = undefined;
        void client.end().catch(() => undefined);
      });
      client.on('end', () => (this.listener = undefined));
      client.on('notification', () => {
        this.count += 1;
        this.notified.emit('appended');
      });
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.closed) {
        await client.end();
        return undefined;
      }
      return client;
    })().catch(() => {
      this.listener = undefined;
      return undefined;
    });
  }

  /** Resolves on the next notification, after `pollMs` (one may have been missed), or on abort. */
  next(pollMs: number, signal: AbortSignal): Promise<void> {
    this.listen(); // again, should the connection have dropped
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.notified.off('appended', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      this.notified.once('appended', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.notified.emit('appended');
    const client = await this.listener;
    await client?.end().catch(() => undefined);
  }
}
