// Loading this costs nothing: the client and gRPC are required when a store connects (esdb-client.ts).
export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
export { connectEsdb, type EsdbClient, type EsdbSubscriptionStream } from './esdb-client';
