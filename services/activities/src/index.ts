export * from './activities.module';
export * from './application/activity-list.projection';
export * from './domain/commands';
