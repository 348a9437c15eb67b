export * from './projection';
export * from './unit-of-work';
export * from './event-source';
export * from './event-store-source';
export * from './projection-runner';
export * from './progress-bar';
export * from './projection-host';
export * from './read-store-error';
