import type { Indicator, Rule } from '../types';
import type { CompileEnv, RuleCompiler, Scorer } from './context';
import { deductionPerProblem } from './deduction-per-problem';
import { eventCountMin } from './event-count-min';
import { inspectorScored } from './inspector-scored';
import { noIncident } from './no-incident';
import { presence } from './presence';
import { ratioTarget } from './ratio-target';
import { surveyRateThreshold } from './survey-rate-threshold';

/** One compiler per rule kind; a rule compiles once per standard into a closure over its constants. */
const COMPILERS: { [K in Rule['kind']]: RuleCompiler<Extract<Rule, { kind: K }>> } = {
  survey_rate_threshold: surveyRateThreshold,
  event_count_min: eventCountMin,
  presence,
  deduction_per_problem: deductionPerProblem,
  ratio_target: ratioTarget,
  inspector_scored: inspectorScored,
  no_incident: noIncident,
};

export const RULE_KINDS = Object.keys(COMPILERS) as Rule['kind'][];

export function compileRule(indicator: Indicator, env: CompileEnv): Scorer {
  const compile = COMPILERS[indicator.rule.kind] as RuleCompiler<Rule>;
  return compile(indicator.rule, indicator, env);
}

export type { At, CompileEnv, Scorer } from './context';
