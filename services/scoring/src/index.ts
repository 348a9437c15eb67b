export * from './scoring.module';
export * from './calendar/evaluation-day.scheduler';
export * from './activity-tallies/activity-tallies.projection';
export * from './scorecards/scoring.projection';
export * from './scorecards/scoring.queries';
export * from './scorecards/collections';
export * from './http/known-at';
// The one evaluation and the one fold, for contexts that project or report figures (reports).
export { scoreOf } from './scorecards/standing';
export { evolveFacts } from './facts/evolve-facts';
