// The bus port, the in-process bus and the relay. Kafka has an entry point of its own
// (`@chuangwen/messaging/kafka`), imported by the compositions only.
export * from './port';
export * from './delivery';
export * from './partitioner';
export * from './topics';
export * from './in-process/in-process-bus';
export * from './relay/event-relay';
export * from './relay/bus-event-source';
