import { conflict, invalid, notFound } from '@chuangwen/contracts';
import type { InspectionKind, InspectionsEvent } from '@chuangwen/contracts';
import { applicableStandards, authorityChain } from '@chuangwen/scoring-engine';
import type { Indicator, Standard } from '@chuangwen/scoring-engine';
import type { InspectionCommand, ScoreInspectionItem } from './commands';
import { assertInScope, DecisionContext, today } from './context';

/** What the decider knows of one inspection, folded from its stream. */
export type Inspection =
  | { readonly status: 'none' }
  | {
      readonly status: 'scheduled' | 'in_progress' | 'completed' | 'cancelled';
      readonly inspectionId: string;
      readonly communityCode: string;
      readonly kind: InspectionKind;
      /** `standardId/indicatorId` already scored in this inspection. */
      readonly scored: readonly string[];
    };

export const initialInspection = (): Inspection => ({ status: 'none' });

export function evolveInspection(state: Inspection, e: InspectionsEvent): Inspection {
  if (e.type === 'InspectionScheduled') {
    const { inspectionId, communityCode, kind } = e.data;
    return { status: 'scheduled', inspectionId, communityCode, kind, scored: [] };
  }
  if (state.status === 'none') return state;
  switch (e.type) {
    case 'InspectionStarted':
      return { ...state, status: 'in_progress' };
    case 'InspectionItemScored':
      return { ...state, scored: [...state.scored, `${e.data.standardId}/${e.data.indicatorId}`] };
    case 'InspectionCompleted':
      return { ...state, status: 'completed' };
    case 'InspectionCancelled':
      return { ...state, status: 'cancelled' };
    default:
      return state;
  }
}

type Existing = Exclude<Inspection, { status: 'none' }>;

/**
 * An inspection's life: scheduled → started → items scored (each indicator once) → completed; a
 * scheduled one may be cancelled. Only inspector-scored indicators of a standard in force for the
 * community are scored here; the other methods' facts come from their own records.
 */
export function decideInspection(command: InspectionCommand, state: Inspection, ctx: DecisionContext): InspectionsEvent[] {
  if (command.type === 'ScheduleInspection') {
    if (state.status !== 'none') throw conflict(`inspection ${command.data.inspectionId} already exists`);
    return [{ type: 'InspectionScheduled', version: 1, data: command.data }];
  }
  const inspection = existing(state, command.data.inspectionId, ctx);
  const { inspectionId, communityCode } = inspection;
  switch (command.type) {
    case 'StartInspection':
      requireStatus(inspection, 'scheduled', 'started');
      return [{ type: 'InspectionStarted', version: 1, data: { inspectionId, communityCode, startedOn: today(ctx) } }];
    case 'CancelInspection':
      requireStatus(inspection, 'scheduled', 'cancelled');
      return [{ type: 'InspectionCancelled', version: 1, data: { inspectionId, communityCode, reason: command.data.reason } }];
    case 'CompleteInspection': {
      requireStatus(inspection, 'in_progress', 'completed');
      const { summary } = command.data;
      return [{ type: 'InspectionCompleted', version: 1, data: { inspectionId, communityCode, completedOn: today(ctx), itemsScored: inspection.scored.length, ...(summary ? { summary } : {}) } }];
    }
    case 'RecordFacilities': {
      requireStatus(inspection, 'in_progress', 'used to record a facility');
      const facilities = command.data.facilities;
      if (facilities.length === 0) throw invalid('give at least one facility', { field: 'facilities' });
      const first = new Map<string, number>();
      facilities.forEach(({ facility }, i) => {
        const at = first.get(facility);
        if (at !== undefined) throw invalid(`facilities[${i}]: ${facility} is already listed at facilities[${at}]`, { field: `facilities.${i}.facility` });
        first.set(facility, i);
      });
      const recordedOn = today(ctx);
      return facilities.map(({ facility, present }) => ({ type: 'FacilityRecorded', version: 1, data: { communityCode, facility, present, recordedOn, inspectionId } }));
    }
    case 'ScoreInspectionItem':
      requireStatus(inspection, 'in_progress', 'scored');
      return [scoreItem(command, inspection, ctx)];
  }
}

function scoreItem(command: ScoreInspectionItem, inspection: Existing, ctx: DecisionContext): InspectionsEvent {
  const { indicatorId, points, met, remark, evidence } = command.data;
  const day = today(ctx);
  const standard = standardFor(inspection.communityCode, day, ctx.standards ?? [], command.data.standardId);
  const indicator = standard.categories.flatMap((c) => c.indicators).find((i) => i.id === indicatorId);
  if (!indicator) throw invalid(`standard ${standard.id} has no indicator ${indicatorId}`, { field: 'indicatorId' });
  if (indicator.rule.kind !== 'inspector_scored') {
    throw invalid(`indicator ${indicatorId} is scored by its ${indicator.rule.kind} rule (${indicator.method}), not by inspectors; inspector-scored: ${inspectorScored(standard).join(', ')}`, { field: 'indicatorId' });
  }
  if ((points === undefined) === (met === undefined)) throw invalid('give either points or met', { field: 'points' });
  const awarded = points ?? (met ? indicator.maxPoints : 0);
  if (awarded > indicator.maxPoints) throw invalid(`indicator ${indicatorId} is worth at most ${indicator.maxPoints} points`, { field: 'points' });
  const key = `${standard.id}/${indicatorId}`;
  if (inspection.scored.includes(key)) throw conflict(`indicator ${indicatorId} was already scored in inspection ${inspection.inspectionId}`);
  return {
    type: 'InspectionItemScored', version: 1,
    data: {
      inspectionId: inspection.inspectionId, communityCode: inspection.communityCode, standardId: standard.id, indicatorId, points: awarded,
      ...(remark ? { remark } : {}), ...(evidence?.length ? { evidence } : {}), scoredOn: day,
    },
  };
}

/** The standard in force for the community on the day: the one named, or the nearest authority's. */
function standardFor(code: string, day: string, standards: readonly Standard[], standardId?: string): Standard {
  const applicable = applicableStandards(standards, authorityChain(code), day);
  const chosen = standardId ? applicable.find((s) => s.id === standardId) : applicable[0];
  if (!chosen) {
    throw invalid(standardId ? `standard ${standardId} is not in force for ${code} on ${day}` : `no standard is in force for ${code} on ${day}`, { field: 'standardId' });
  }
  return chosen;
}

const inspectorScored = (s: Standard) => s.categories.flatMap((c) => c.indicators).filter((i: Indicator) => i.rule.kind === 'inspector_scored').map((i) => i.id);

function existing(state: Inspection, inspectionId: string, ctx: DecisionContext): Existing {
  if (state.status === 'none') throw notFound(`inspection ${inspectionId} does not exist`);
  assertInScope(state.communityCode, ctx, `inspection ${inspectionId}`);
  return state;
}

function requireStatus(inspection: Existing, status: Existing['status'], verb: string): void {
  if (inspection.status !== status) {
    throw conflict(`inspection ${inspection.inspectionId} is ${inspection.status.replace('_', ' ')}; it must be ${status.replace('_', ' ')} to be ${verb}`);
  }
}

export const inspectionDecider = (ctx: DecisionContext) => ({
  initialState: initialInspection,
  evolve: evolveInspection,
  decide: (command: InspectionCommand, state: Inspection) => decideInspection(command, state, ctx),
});
