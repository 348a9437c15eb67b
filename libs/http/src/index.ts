export * from './validation';
export * from './domain-error.filter';
export * from './query-params';
export * from './openapi';
