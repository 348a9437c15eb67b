export * from './inspections.module';
export * from './application/lists.projection';
export * from './application/rectification-counts.projection';
export * from './application/standards.projection';
export * from './application/overdue.scheduler';
export * from './application/views';
export * from './domain/commands';
