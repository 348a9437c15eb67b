export * from './port';
export * from './packed-docs';
export * from './sqlite/sqlite-read-store';
export * from './tokens';
export * from './mongo/mongo-read-store';
export * from './matches';
