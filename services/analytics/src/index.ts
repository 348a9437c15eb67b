export * from './analytics.module';
export * from './exports/event-filter';
export * from './exports/event-format';
export * from './exports/event-export';
export * from './exports/score-snapshot';
export * from './exports/export-options';
