import { toDay } from '@chuangwen/scoring-engine';
import type { Rule } from '@chuangwen/scoring-engine';
import type { FactEvent } from './scoring-events';

/**
 * Keys that tie facts to the events behind them, so a figure can be explained: an event files
 * itself under the keys it changes; an indicator's rule names the keys it reads.
 */
export function sourceKeysOfEvent(e: FactEvent): string[] {
  switch (e.type) {
    case 'ActivityHeld':
      return [`activity|${e.data.kind}|${e.data.scale}|${toDay(e.data.heldAt).slice(0, 4)}`];
    case 'SurveyRecorded':
      return [`survey|${e.data.topic}`];
    case 'InspectionItemScored':
      return [`score|${e.data.standardId}/${e.data.indicatorId}`];
    case 'FacilityRecorded':
      return [`facility|${e.data.facility}`];
    case 'ProblemRecorded':
    case 'RectificationOverdue':
    case 'RectificationVerified':
      return [`problem|${e.data.category}`];
    case 'IncidentReported':
    case 'IncidentConfirmed':
    case 'IncidentDismissed':
      return [`incident|${e.data.kind}`];
    case 'IndicatorDeclaredNotApplicable':
      return [`na|${e.data.standardId}/${e.data.indicatorId}`];
    case 'VolunteerRegistered':
    case 'VolunteerDeregistered':
      return ['quantity|volunteers_registered'];
    case 'CommunityProfileUpdated':
      return [
        ...Object.keys(e.data.quantities ?? {}).map((q) => `quantity|${q}`),
        ...Object.keys(e.data.attributes ?? {}).map((a) => `attribute|${a}`),
      ];
  }
}

/** The keys an indicator's rule reads (years: those of the evaluation window, newest first). */
export function sourceKeysOfRule(
  standardId: string,
  indicatorId: string,
  rule: Rule,
  years: readonly number[],
): string[] {
  const own = [`na|${standardId}/${indicatorId}`];
  switch (rule.kind) {
    case 'survey_rate_threshold':
      return [`survey|${rule.topic}`, ...own];
    case 'event_count_min': {
      const scales = rule.scale ? [rule.scale] : ['ordinary', 'large'];
      return [
        ...rule.activityKinds.flatMap((k) => scales.flatMap((s) => years.map((y) => `activity|${k}|${s}|${y}`))),
        ...own,
      ];
    }
    case 'presence':
      return [...rule.items.map((i) => `facility|${i.facility}`), ...own];
    case 'deduction_per_problem':
      return [...rule.categories.map((c) => `problem|${c}`), ...own];
    case 'ratio_target':
      return [`quantity|${rule.numerator}`, `quantity|${rule.denominator}`, ...own];
    case 'inspector_scored':
      return [`score|${standardId}/${indicatorId}`, ...own];
    case 'no_incident':
      return [...rule.incidentKinds.map((k) => `incident|${k}`), ...own];
  }
}
