import { conflict, notFound } from '@chuangwen/contracts';
import type { InspectionsEvent } from '@chuangwen/contracts';
import type { IncidentCommand } from './commands';
import { assertInScope, DecisionContext, notInFuture } from './context';

export type Incident =
  | { readonly status: 'none' }
  | {
      readonly status: 'reported' | 'confirmed' | 'dismissed';
      readonly incidentId: string;
      readonly communityCode: string;
      readonly kind: string;
      readonly occurredOn: string;
    };

export function evolveIncident(state: Incident, e: InspectionsEvent): Incident {
  switch (e.type) {
    case 'IncidentReported': {
      const { incidentId, communityCode, kind, occurredOn } = e.data;
      return { status: 'reported', incidentId, communityCode, kind, occurredOn };
    }
    case 'IncidentConfirmed':
      return state.status === 'none' ? state : { ...state, status: 'confirmed' };
    case 'IncidentDismissed':
      return state.status === 'none' ? state : { ...state, status: 'dismissed' };
    default:
      return state;
  }
}

/**
 * 一票否决: reported (costs nothing yet) → confirmed (vetoes for the standard's window) or dismissed;
 * a confirmed incident can still be cleared on review (dismissed). A dismissed one is final.
 */
export function decideIncident(command: IncidentCommand, state: Incident, ctx: DecisionContext): InspectionsEvent[] {
  if (command.type === 'ReportIncident') {
    if (state.status !== 'none') throw conflict(`incident ${command.data.incidentId} already exists`);
    notInFuture(command.data.occurredOn, ctx, 'occurredOn');
    return [{ type: 'IncidentReported', version: 1, data: command.data }];
  }
  const { incidentId } = command.data;
  if (state.status === 'none') throw notFound(`incident ${incidentId} does not exist`);
  assertInScope(state.communityCode, ctx, `incident ${incidentId}`);
  const { communityCode, kind, occurredOn } = state;
  if (command.type === 'ConfirmIncident') {
    if (state.status !== 'reported')
      throw conflict(`incident ${incidentId} is ${state.status}; only a reported incident can be confirmed`);
    return [{ type: 'IncidentConfirmed', version: 1, data: { incidentId, communityCode, kind, occurredOn } }];
  }
  if (state.status === 'dismissed') throw conflict(`incident ${incidentId} was already dismissed`);
  return [
    { type: 'IncidentDismissed', version: 1, data: { incidentId, communityCode, kind, reason: command.data.reason } },
  ];
}

export const incidentDecider = (ctx: DecisionContext) => ({
  initialState: (): Incident => ({ status: 'none' }),
  evolve: evolveIncident,
  decide: (command: IncidentCommand, state: Incident) => decideIncident(command, state, ctx),
});
