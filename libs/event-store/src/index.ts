export * from './port';
export * from './catch-up-subscription';
export * from './history/history-fields';
export * from './sqlite/sqlite-event-store';
export * from './decider';
export * from './tokens';
export * from './esdb';
export * from './postgres';
