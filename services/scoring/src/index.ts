export * from './scoring.module';
export * from './activity-tallies/activity-tallies.projection';
