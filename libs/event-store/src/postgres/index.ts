// Loading this costs nothing: `pg` is required when a store first connects.
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';
