import { conflict, invalid } from '@chuangwen/contracts';
import type { InspectionsEvent } from '@chuangwen/contracts';
import type { SurveyCommand } from './commands';
import { DecisionContext, notInFuture } from './context';

/**
 * Below this many answers a rate is flagged as not to be trusted (still recorded). Thirty is the
 * usual floor for reading a proportion; a standard may demand more (its rules' minSample), and the
 * scoring engine holds a rule on a smaller sample as awaiting data.
 */
export const MIN_TRUSTED_SAMPLE = 30;

/** positive / sampleSize, to four decimals: computed, never typed in. */
export function surveyRate(sampleSize: number, positive: number): { rate: number; smallSample: boolean } {
  if (!Number.isInteger(sampleSize) || sampleSize < 1)
    throw invalid('sampleSize must be a whole number of at least 1', { field: 'sampleSize' });
  if (!Number.isInteger(positive) || positive < 0 || positive > sampleSize) {
    throw invalid(`positive must be a whole number between 0 and the sample size ${sampleSize}`, { field: 'positive' });
  }
  return { rate: Math.round((positive / sampleSize) * 1e4) / 1e4, smallSample: sampleSize < MIN_TRUSTED_SAMPLE };
}

export type Survey = { readonly recorded: boolean };

/** A survey is recorded once; a new survey of the same topic is a new record (the latest stands). */
export function decideSurvey(command: SurveyCommand, state: Survey, ctx: DecisionContext): InspectionsEvent[] {
  if (state.recorded) throw conflict(`survey ${command.data.surveyId} was already recorded`);
  const { surveyId, communityCode, topic, sampleSize, positive, conductedOn, periodStart = conductedOn } = command.data;
  notInFuture(conductedOn, ctx, 'conductedOn');
  if (periodStart > conductedOn)
    throw invalid(`periodStart ${periodStart} must not be after conductedOn ${conductedOn}`, { field: 'periodStart' });
  return [
    {
      type: 'SurveyRecorded',
      version: 2,
      data: {
        surveyId,
        communityCode,
        topic,
        sampleSize,
        positive,
        ...surveyRate(sampleSize, positive),
        periodStart,
        conductedOn,
      },
    },
  ];
}

export const surveyDecider = (ctx: DecisionContext) => ({
  initialState: (): Survey => ({ recorded: false }),
  evolve: (_: Survey, e: InspectionsEvent): Survey => ({ recorded: e.type === 'SurveyRecorded' || _.recorded }),
  decide: (command: SurveyCommand, state: Survey) => decideSurvey(command, state, ctx),
});
