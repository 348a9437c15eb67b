export * from './activity-kinds';
export * from './events';
export * from './catalog';
