export * from './volunteers.module';
export * from './application/volunteer-list.projection';
export * from './application/volunteer-figures.projection';
export * from './application/volunteer.queries';
export * from './domain/commands';
export * from './domain/identity-number';
export * from './domain/star-level';
