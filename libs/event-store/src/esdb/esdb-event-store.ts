/**
 * The EventStoreDB adapter of the event-store port, over `@eventstore/db-client` 6.x (gRPC); it also
 * speaks to KurrentDB, the server's new name. It passes the same contract suite as the SQLite adapter
 * (esdb-event-store.int.spec.ts). Mapping and positions: esdb-mapping.ts; idempotent appends:
 * esdb-append.ts; reads: esdb-read.ts; the catch-up subscription: esdb-subscription.ts.
 *
 * Needs EventStoreDB 22.6 or newer (stream reads carry positions); deploy/ runs 23.10 LTS.
 */
import type { EventToAppend, HistoryEvent, RecordedEvent } from '@chuangwen/contracts';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  HistoryOptions,
  ReadAllOptions,
  SubscribeOptions,
  Subscription,
} from '../port';
import { assertHistoryFields, trimHistoryEvent } from '../history/history-fields';
import { appendIdempotent, AppendSettings } from './esdb-append';
import { connectEsdb, EsdbClient } from './esdb-client';
import { lastPosition, readAllAfter, readStreamEvents } from './esdb-read';
import { EsdbCatchUpSubscription, ResubscribeSettings } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false` (or `esdb+discover://…` for a cluster; `kurrentdb://` works too). */
  readonly connectionString?: string;
  /** A ready client instead of a connection string (tests). */
  readonly client?: EsdbClient;
  /** Events at a stream's end searched for the ids of a retried append. Default 256. */
  readonly idempotencyWindow?: number;
  /** Events per request of readAll / headPosition. Default 512. */
  readonly readPageSize?: number;
  /** Resubscribing after a dropped connection: 5 attempts in a row, waiting 200 ms doubling to 5 s. */
  readonly resubscribe?: Partial<ResubscribeSettings>;
}

export class EsdbEventStore implements EventStore {
  private readonly client: EsdbClient;
  private readonly append_: AppendSettings;
  private readonly pageSize: number;
  private readonly resubscribe: ResubscribeSettings;
  private readonly subscriptions = new Set<EsdbCatchUpSubscription>();
  private closed = false;

  constructor(options: EsdbEventStoreOptions) {
    if (options.client) this.client = options.client;
    else if (options.connectionString) this.client = connectEsdb(options.connectionString);
    else throw new Error('EsdbEventStore needs a connectionString (esdb://host:2113?tls=false) or a client');
    this.append_ = { idempotencyWindow: options.idempotencyWindow ?? 256, attempts: 5 };
    this.pageSize = Math.max(2, options.readPageSize ?? 512);
    this.resubscribe = { attempts: 5, baseMs: 200, maxMs: 5000, ...options.resubscribe };
  }

  append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    return appendIdempotent(this.client, streamId, events, options.expectedRevision, this.append_);
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    if (!Number.isSafeInteger(from) || from < 0)
      throw new RangeError(`fromRevision must be an integer ≥ 0; got ${from}`);
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const read = await readStreamEvents(this.client, streamId, {
      direction: 'forwards',
      fromRevision: BigInt(from),
      maxCount: options.maxCount,
    });
    return read.events;
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return readAllAfter(this.client, options, this.pageSize);
  }

  /** EventStoreDB sends whole events anyway: the same read, trimmed. */
  async readHistory(options: HistoryOptions = {}): Promise<HistoryEvent[]> {
    if (options.fields) assertHistoryFields(options.fields);
    return (await this.readAll(options)).map(({ type, version, data, position, recordedAt }) =>
      trimHistoryEvent({ type, version, data, position, recordedAt } as HistoryEvent, options.fields),
    );
  }

  headPosition(): Promise<number> {
    return lastPosition(this.client, this.pageSize);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('the event store is closed');
    const subscription: EsdbCatchUpSubscription = new EsdbCatchUpSubscription(
      this.client,
      options,
      () => this.headPosition(),
      this.resubscribe,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }
}
