export * from './port';
export * from './sqlite/sqlite-read-store';
export * from './tokens';
