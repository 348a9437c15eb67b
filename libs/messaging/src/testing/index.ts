export * from './bus.contract';
export * from './in-process-harness';
export * from './kafka-harness';
export * from './relay.suite';
