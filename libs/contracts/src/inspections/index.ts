export * from './events';
export * from './lifecycle';
export * from './catalog';
