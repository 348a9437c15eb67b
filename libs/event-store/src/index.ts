export * from './port';
export * from './catch-up-subscription';
export * from './sqlite/sqlite-event-store';
