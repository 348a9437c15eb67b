// The pure scoring engine: standards as data, facts in, scorecards out. Nothing here does I/O except
// `loadShippedStandards` (./shipped), which reads standards/*.json.
export * from './catalogs';
export type * from './types';
export * from './facts';
export type * from './scorecard';
export { validateStandard, type ValidationResult, type ValidationError } from './validate';
export { STANDARD_SCHEMA } from './schema';
export type { JsonSchema } from './schema-check';
export { evaluate } from './evaluate';
export { windowOn } from './window-on';
export { nextReviewDay, leavesWindow } from './review';
export { NO_VETO } from './veto';
export { standardInForce, applicableStandards, authorityChain } from './in-force';
export { RULE_KINDS } from './rules';
export { chinaDay, toDay, addPeriod, windowStart, rememberedByHour } from './dates';
export { loadShippedStandards, shippedStandardsDir } from './shipped';
