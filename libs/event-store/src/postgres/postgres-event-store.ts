import type { Pool, PoolClient } from 'pg';
import type { EventToAppend, HistoryEvent, RecordedEvent } from '@chuangwen/contracts';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  HistoryOptions,
  ReadAllOptions,
  SubscribeOptions,
  Subscription,
} from '../port';
import { catchUpSubscription } from '../catch-up-subscription';
import { PendingAppend, planBatch } from './append-batch';
import { historyDataSql } from './postgres-history';
import { assertSchemaName, createTables } from './postgres-schema';
import { StoreNotifications } from './store-notifications';

export interface PostgresEventStoreOptions {
  /** `postgres://user:password@host:5432/database` */
  readonly connectionString: string;
  /** The schema holding the `events` table (created when missing); `public` by default. */
  readonly schema?: string;
  /** Connections in the pool (appends, reads, subscriptions' reads); 10 by default. */
  readonly maxConnections?: number;
  /** How often a live subscription reads anyway, should a notification be missed (ms). */
  readonly pollIntervalMs?: number;
  readonly now?: () => Date;
}

interface Row {
  position: string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
}

/** Appends in one batch at most: bounds the transaction and the statement. */
const MAX_BATCH_APPENDS = 200;
const MAX_BATCH_EVENTS = 5000;

interface Queued extends PendingAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface Found {
  e: string;
  s: string;
  r: number;
  p: number;
}

/**
 * The event store on PostgreSQL. Appends are serialised by a transaction-level advisory lock, taken
 * first and held until commit: each append reads the last position under the lock and writes the next
 * ones, so positions are gap-free and become visible in their order. A reader that has seen position p
 * has therefore seen every position below it, and a catch-up subscription that pages by position never
 * skips an event whose transaction committed late (docs/architecture.md, "Why PostgreSQL appends are
 * serialised"). The appends waiting in a process are committed as one group (append-batch.ts), so
 * concurrent writers share a flush. Live subscriptions are woken by LISTEN/NOTIFY (sent on commit) and
 * poll as a fallback.
 */
export class PostgresEventStore implements EventStore {
  private readonly schema: string;
  private readonly table: string;
  private readonly channel: string;
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private readonly notifications: StoreNotifications;
  private poolPromise?: Promise<Pool>;
  private closed = false;
  private readonly queue: Queued[] = [];
  private flushing = false;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'public';
    assertSchemaName(this.schema);
    this.table = `${this.schema}.events`;
    this.channel = `chuangwen_events_${this.schema}`;
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.notifications = new StoreNotifications(options.connectionString, this.channel, () => this.pool());
  }

  /** Connects (and creates the table) on first use; a failure is retried by the next call. */
  private pool(): Promise<Pool> {
    if (this.closed) return Promise.reject(new Error('postgres event store is closed'));
    this.poolPromise ??= this.connect().catch((error) => {
      this.poolPromise = undefined;
      throw error;
    });
    return this.poolPromise;
  }

  private async connect(): Promise<Pool> {
    const { Pool } = await import('pg');
    const pool = new Pool({
      connectionString: this.options.connectionString,
      max: this.options.maxConnections ?? 10,
      // A process frozen mid-append must not hold the append lock for ever.
      options: '-c idle_in_transaction_session_timeout=10000',
    });
    // An idle connection that breaks is dropped by the pool; the next query gets a new one.
    pool.on('error', () => undefined);
    try {
      await this.transaction(pool, async (c) => {
        // Several processes may start at once: CREATE … IF NOT EXISTS alone is not safe against that.
        await c.query("SELECT pg_advisory_xact_lock(hashtext('chuangwen.event-store.schema'))");
        await c.query(createTables(this.schema));
      });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return pool;
  }

  private async transaction<T>(pool: Pool, work: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    let broken: Error | undefined;
    try {
      await c.query('BEGIN');
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is closed, not handed to the next caller.
      await c.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      c.release(broken);
    }
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expectedRevision: options.expectedRevision, resolve, reject });
      void this.flush();
    });
  }

  /**
   * Group commit: the appends that arrive while a batch is being written go together in the next one —
   * one lock, one transaction, one flush to disk for all of them — so concurrent writers in a process
   * share the cost of the store-wide append order instead of queueing on the lock one by one.
   */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        let events = 0;
        let n = 0;
        while (
          n < this.queue.length &&
          n < MAX_BATCH_APPENDS &&
          (n === 0 || events + this.queue[n].events.length <= MAX_BATCH_EVENTS)
        )
          events += this.queue[n++].events.length;
        const batch = this.queue.splice(0, n);
        try {
          const outcomes = await this.writeBatch(batch);
          batch.forEach((a, i) => {
            const o = outcomes[i];
            if (o instanceof Error) a.reject(o);
            else a.resolve(o);
          });
        } catch (error) {
          for (const a of batch) a.reject(error); // nothing of the batch was written: each may retry
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeBatch(batch: readonly PendingAppend[]): Promise<(AppendResult | Error)[]> {
    const pool = await this.pool();
    return this.transaction(pool, async (c) => {
      // The lock first, in its own statement: the reads below then see every append committed before it.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('${this.table}'))`);
      const { rows } = await c.query<{ last: string; heads: Record<string, number> | null; found: Found[] | null }>(
        `SELECT (SELECT coalesce(max(position), 0) FROM ${this.table}) AS last,
                (SELECT json_object_agg(stream_id, head) FROM
                   (SELECT stream_id, max(revision) AS head FROM ${this.table} WHERE stream_id = ANY($1) GROUP BY stream_id) AS h) AS heads,
                (SELECT json_agg(json_build_object('e', event_id, 's', stream_id, 'r', revision, 'p', position))
                   FROM ${this.table} WHERE event_id = ANY($2)) AS found`,
        [[...new Set(batch.map((a) => a.streamId))], batch.flatMap((a) => a.events.map((e) => e.eventId))],
      );
      const { last, heads, found } = rows[0];
      const plan = planBatch(batch, {
        last: toPosition(last),
        heads: new Map(Object.entries(heads ?? {})),
        found: new Map((found ?? []).map((f) => [f.e, { stream: f.s, revision: f.r, position: toPosition(f.p) }])),
      });
      if (plan.rows.length > 0) {
        await c.query(
          `WITH written AS (
             INSERT INTO ${this.table} (position, event_id, stream_id, revision, type, version, data, metadata, recorded_at)
             SELECT r.position, r.event_id, r.stream_id, r.revision, r.type, r.version, r.data, r.metadata, $2
               FROM unnest($1::jsonb[]) AS x(j),
                    jsonb_to_record(j) AS r(position bigint, event_id text, stream_id text, revision integer, type text, version integer, data jsonb, metadata jsonb)
             RETURNING 1)
           SELECT pg_notify($3, '') FROM (SELECT count(*) FROM written) AS n`,
          [plan.rows.map((r) => JSON.stringify(r)), this.now().toISOString(), this.channel],
        );
      }
      return plan.outcomes;
    });
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    const pool = await this.pool();
    const { rows } = await pool.query<Row>(
      `SELECT * FROM ${this.table} WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [streamId, options.fromRevision ?? 0, options.maxCount ?? null],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const pool = await this.pool();
    const { rows } = await pool.query<Row>(
      `SELECT * FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
      [options.after ?? -1, options.maxCount ?? 1000],
    );
    return rows.map(toRecorded);
  }

  async readHistory(options: HistoryOptions = {}): Promise<HistoryEvent[]> {
    const data = historyDataSql(options.fields);
    const pool = await this.pool();
    const { rows } = await pool.query<Pick<Row, 'type' | 'version' | 'data' | 'position' | 'recorded_at'>>(
      `SELECT type, version, ${data} AS data, position, recorded_at FROM ${this.table} WHERE position > $1 ORDER BY position LIMIT $2`,
      [options.after ?? -1, options.maxCount ?? 1000],
    );
    return rows.map(
      (r) =>
        ({
          type: r.type,
          version: r.version,
          data: r.data,
          position: toPosition(r.position),
          recordedAt: r.recorded_at.toISOString(),
        }) as HistoryEvent,
    );
  }

  async headPosition(): Promise<number> {
    const pool = await this.pool();
    const { rows } = await pool.query<{ p: string }>(`SELECT coalesce(max(position), -1) AS p FROM ${this.table}`);
    return toPosition(rows[0].p);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.notifications.listen();
    // A notification between the subscription's last (empty) read and its wait would otherwise only be
    // seen at the next poll: remember how many the read had seen, and wait only if none came since.
    let seen = -1;
    return catchUpSubscription({
      readAll: (o) => {
        seen = this.notifications.count;
        return this.readAll(o);
      },
      waitForMore: (signal) =>
        this.notifications.count !== seen ? Promise.resolve() : this.notifications.next(this.pollIntervalMs, signal),
      ...options,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const [pool] = await Promise.all([this.poolPromise?.catch(() => undefined), this.notifications.close()]);
    await pool?.end();
  }
}

/** bigint arrives as text; positions are Numbers on the port, exact up to 2^53 − 1. */
function toPosition(value: string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`position ${value} is beyond 2^53 - 1`);
  return n;
}

function toRecorded(r: Row): RecordedEvent {
  return {
    eventId: r.event_id,
    type: r.type,
    version: r.version,
    data: r.data,
    metadata: r.metadata,
    streamId: r.stream_id,
    revision: r.revision,
    position: toPosition(r.position),
    recordedAt: r.recorded_at.toISOString(),
  } as RecordedEvent;
}
