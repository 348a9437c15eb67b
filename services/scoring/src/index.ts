export * from './scoring.module';
export * from './calendar/evaluation-day.scheduler';
export * from './activity-tallies/activity-tallies.projection';
export * from './scorecards/scoring.projection';
export * from './scorecards/scoring.queries';
export * from './scorecards/collections';
export * from './http/known-at';
