export * from './events';
export * from './catalog';
export * from './lookup';
export * from './refs';
