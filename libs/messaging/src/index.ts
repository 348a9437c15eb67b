export * from './port';
export * from './delivery';
export * from './partitioner';
export * from './topics';
export * from './in-process/in-process-bus';
export * from './kafka/kafka-bus';
export * from './relay/event-relay';
export * from './relay/bus-event-source';
