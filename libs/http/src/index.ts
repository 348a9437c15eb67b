export * from './validation';
export * from './domain-error.filter';
export * from './query-params';
export * from './text';
export * from './dates';
export * from './numbers';
export * from './body';
export * from './openapi';
