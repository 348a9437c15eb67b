import { conflict, invalid, notFound } from '@chuangwen/contracts';
import type { InspectionKind, InspectionsEvent } from '@chuangwen/contracts';
import { applicableStandards, authorityChain } from '@chuangwen/scoring-engine';
import type { Indicator, Standard } from '@chuangwen/scoring-engine';
import type { InspectionCommand, ScoreInspectionItem } from './commands';
import { assertInScope, canonical, DecisionContext, repeatOrConflict, today } from './context';

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
      /** What was recorded, canonically, so a resend of the same record is recognised as done. */
      readonly scheduled: string;
      readonly scores: Readonly<Record<string, string>>;
      /** Each facility's latest presence recorded in this inspection. */
      readonly facilities: Readonly<Record<string, boolean>>;
      readonly summary?: string;
    };

export const initialInspection = (): Inspection => ({ status: 'none' });

export function evolveInspection(state: Inspection, e: InspectionsEvent): Inspection {
  if (e.type === 'InspectionScheduled') {
    const { inspectionId, communityCode, kind } = e.data;
    return {
      status: 'scheduled',
      inspectionId,
      communityCode,
      kind,
      scored: [],
      scheduled: canonical(e.data),
      scores: {},
      facilities: {},
    };
  }
  if (state.status === 'none') return state;
  switch (e.type) {
    case 'InspectionStarted':
      return { ...state, status: 'in_progress' };
    case 'InspectionItemScored': {
      const key = `${e.data.standardId}/${e.data.indicatorId}`;
      return {
        ...state,
        scored: [...state.scored, key],
        scores: { ...state.scores, [key]: canonical(scoreContent(e.data)) },
      };
    }
    case 'FacilityRecorded':
      return { ...state, facilities: { ...state.facilities, [e.data.facility]: e.data.present } };
    case 'InspectionCompleted':
      return { ...state, status: 'completed', ...(e.data.summary ? { summary: e.data.summary } : {}) };
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
export function decideInspection(
  command: InspectionCommand,
  state: Inspection,
  ctx: DecisionContext,
): InspectionsEvent[] {
  if (command.type === 'ScheduleInspection') {
    if (state.status !== 'none')
      return repeatOrConflict(state.scheduled, command.data, `inspection ${command.data.inspectionId}`);
    return [{ type: 'InspectionScheduled', version: 1, data: command.data }];
  }
  const inspection = existing(state, command.data.inspectionId, ctx);
  const { inspectionId, communityCode } = inspection;
  switch (command.type) {
    case 'StartInspection':
      if (inspection.status === 'in_progress' || inspection.status === 'completed') return []; // a resend: already started
      requireStatus(inspection, 'scheduled', 'started');
      return [{ type: 'InspectionStarted', version: 1, data: { inspectionId, communityCode, startedOn: today(ctx) } }];
    case 'CancelInspection':
      requireStatus(inspection, 'scheduled', 'cancelled');
      return [
        { type: 'InspectionCancelled', version: 1, data: { inspectionId, communityCode, reason: command.data.reason } },
      ];
    case 'CompleteInspection': {
      const { summary } = command.data;
      if (inspection.status === 'completed')
        return repeatOrConflict(
          canonical(inspection.summary ?? null),
          summary || null,
          `the completion of inspection ${inspectionId}`,
        );
      requireStatus(inspection, 'in_progress', 'completed');
      return [
        {
          type: 'InspectionCompleted',
          version: 1,
          data: {
            inspectionId,
            communityCode,
            completedOn: today(ctx),
            itemsScored: inspection.scored.length,
            ...(summary ? { summary } : {}),
          },
        },
      ];
    }
    case 'RecordFacilities': {
      requireStatus(inspection, 'in_progress', 'used to record a facility');
      const facilities = command.data.facilities;
      if (facilities.length === 0) throw invalid('give at least one facility', { field: 'facilities' });
      const first = new Map<string, number>();
      facilities.forEach(({ facility }, i) => {
        const at = first.get(facility);
        if (at !== undefined)
          throw invalid(`facilities[${i}]: ${facility} is already listed at facilities[${at}]`, {
            field: `facilities.${i}.facility`,
          });
        first.set(facility, i);
      });
      const recordedOn = today(ctx);
      // What this inspection already recorded the same way is a resend, not a new finding.
      return facilities
        .filter(({ facility, present }) => inspection.facilities[facility] !== present)
        .map(({ facility, present }) => ({
          type: 'FacilityRecorded',
          version: 1,
          data: { communityCode, facility, present, recordedOn, inspectionId },
        }));
    }
    case 'ScoreInspectionItem':
      requireStatus(inspection, 'in_progress', 'scored');
      return scoreItem(command, inspection, ctx);
  }
}

/** What a score says, whichever day it was sent: a resend compares equal. */
const scoreContent = ({
  standardId,
  indicatorId,
  points,
  remark,
  evidence,
}: {
  standardId: string;
  indicatorId: string;
  points: number;
  remark?: string;
  evidence?: readonly unknown[];
}) => ({
  standardId,
  indicatorId,
  points,
  remark: remark || undefined,
  evidence: evidence?.length ? evidence : undefined,
});

function scoreItem(command: ScoreInspectionItem, inspection: Existing, ctx: DecisionContext): InspectionsEvent[] {
  const { indicatorId, points, met, remark, evidence } = command.data;
  const day = today(ctx);
  const standard = standardFor(inspection.communityCode, day, ctx.standards ?? [], command.data.standardId);
  const indicator = standard.categories.flatMap((c) => c.indicators).find((i) => i.id === indicatorId);
  if (!indicator) throw invalid(`standard ${standard.id} has no indicator ${indicatorId}`, { field: 'indicatorId' });
  if (indicator.rule.kind !== 'inspector_scored') {
    throw invalid(
      `indicator ${indicatorId} is scored by its ${indicator.rule.kind} rule (${indicator.method}), not by inspectors; inspector-scored: ${inspectorScored(standard).join(', ')}`,
      { field: 'indicatorId' },
    );
  }
  if ((points === undefined) === (met === undefined)) throw invalid('give either points or met', { field: 'points' });
  const awarded = points ?? (met ? indicator.maxPoints : 0);
  if (awarded > indicator.maxPoints)
    throw invalid(`indicator ${indicatorId} is worth at most ${indicator.maxPoints} points`, { field: 'points' });
  const key = `${standard.id}/${indicatorId}`;
  if (inspection.scored.includes(key)) {
    if (
      inspection.scores[key] ===
      canonical(scoreContent({ standardId: standard.id, indicatorId, points: awarded, remark, evidence }))
    )
      return [];
    throw conflict(
      `indicator ${indicatorId} was already scored in inspection ${inspection.inspectionId}, with other points, remark or evidence`,
    );
  }
  return [
    {
      type: 'InspectionItemScored',
      version: 1,
      data: {
        inspectionId: inspection.inspectionId,
        communityCode: inspection.communityCode,
        standardId: standard.id,
        indicatorId,
        points: awarded,
        ...(remark ? { remark } : {}),
        ...(evidence?.length ? { evidence } : {}),
        scoredOn: day,
      },
    },
  ];
}

/** The standard in force for the community on the day: the one named, or the nearest authority's. */
function standardFor(code: string, day: string, standards: readonly Standard[], standardId?: string): Standard {
  const applicable = applicableStandards(standards, authorityChain(code), day);
  const chosen = standardId ? applicable.find((s) => s.id === standardId) : applicable[0];
  if (!chosen) {
    throw invalid(
      standardId
        ? `standard ${standardId} is not in force for ${code} on ${day}`
        : `no standard is in force for ${code} on ${day}`,
      { field: 'standardId' },
    );
  }
  return chosen;
}

const inspectorScored = (s: Standard) =>
  s.categories
    .flatMap((c) => c.indicators)
    .filter((i: Indicator) => i.rule.kind === 'inspector_scored')
    .map((i) => i.id);

function existing(state: Inspection, inspectionId: string, ctx: DecisionContext): Existing {
  if (state.status === 'none') throw notFound(`inspection ${inspectionId} does not exist`);
  assertInScope(state.communityCode, ctx, `inspection ${inspectionId}`);
  return state;
}

function requireStatus(inspection: Existing, status: Existing['status'], verb: string): void {
  if (inspection.status !== status) {
    throw conflict(
      `inspection ${inspection.inspectionId} is ${inspection.status.replace('_', ' ')}; it must be ${status.replace('_', ' ')} to be ${verb}`,
    );
  }
}

export const inspectionDecider = (ctx: DecisionContext) => ({
  initialState: initialInspection,
  evolve: evolveInspection,
  decide: (command: InspectionCommand, state: Inspection) => decideInspection(command, state, ctx),
});
