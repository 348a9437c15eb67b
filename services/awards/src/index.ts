export * from './awards.module';
export * from './application/awards.queries';
export * from './application/nomination-list.projection';
export * from './application/title-coverage.projection';
export * from './domain/commands';
