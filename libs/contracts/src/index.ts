export * from './envelope';
export * from './catalog';
export * from './activities';
export * from './jurisdiction-codes';
export * from './platform-catalog';
export * from './clock';
export * from './domain-error';
export * from './jurisdiction-lookup';
