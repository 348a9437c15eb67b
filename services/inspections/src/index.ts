export * from './inspections.module';
export * from './application/lists.projection';
export * from './application/rectification-counts.projection';
export * from './application/standards.projection';
export * from './application/overdue.scheduler';
export * from './application/escalation.scheduler';
export * from './application/escalation-ladders';
export * from './domain/escalation';
export * from './application/views';
export * from './domain/commands';
// The problem decider, for links that record problems in their own command (the grid link).
export { problemDecider, decideProblem, evolveProblem, initialProblem } from './domain/problem.decider';
export type { Problem, RectificationStatus } from './domain/problem.decider';
export type { DecisionContext } from './domain/context';
export * from './application/inspections.queries';
