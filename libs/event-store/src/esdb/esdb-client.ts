import type {
  AllStreamResolvedEvent,
  AppendResult,
  AppendToStreamOptions,
  EventStoreDBClient,
  JSONEventData,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@eventstore/db-client';

/** What the adapter uses of a catch-up subscription: an object-mode Readable of resolved events. */
export interface EsdbSubscriptionStream {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each event's listener takes other arguments
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeAllListeners(event: string): unknown;
  pause(): unknown;
  resume(): unknown;
  isPaused(): boolean;
  readonly readableLength: number;
  destroy(): unknown;
  unsubscribe(): Promise<void>;
}

/**
 * The part of `@eventstore/db-client` the adapter uses. The real client satisfies it (checked at
 * compile time below); tests hand in an imitation.
 */
export interface EsdbClient {
  appendToStream(streamName: string, events: JSONEventData[], options: AppendToStreamOptions): Promise<AppendResult>;
  readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): EsdbSubscriptionStream;
  dispose(): Promise<void>;
}

const clientFits = (c: EventStoreDBClient): EsdbClient => c;
void clientFits;

/**
 * A client on `esdb://host:2113?tls=false` (or `esdb+discover://…` for a cluster). The client and
 * gRPC are loaded here, on first use, so processes on SQLite never load them.
 *
 * KurrentDB (the server's new name) speaks the same protocol; `@kurrent/kurrentdb-client` keeps
 * this API (`KurrentDBClient.connectionString`): moving to it changes this function only.
 */
export function connectEsdb(connectionString: string): EsdbClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, so SQLite processes never load gRPC
  const { EventStoreDBClient: Client } = require('@eventstore/db-client') as typeof import('@eventstore/db-client');
  return Client.connectionString(connectionString.replace(/^(kurrentdb|kdb)(\+discover)?:\/\//, 'esdb$2://'));
}
