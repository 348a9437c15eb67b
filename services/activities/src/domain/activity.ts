import type { ActivityDetails, ActivityEvent } from '@chuangwen/contracts';

/** What the decider needs to know about one activity, folded from its stream. */
export type Activity =
  | { readonly status: 'none' }
  | {
      readonly status: 'planned' | 'held' | 'cancelled';
      readonly details: ActivityDetails;
      readonly evidenceRefs: readonly string[];
    };

export const initialActivity = (): Activity => ({ status: 'none' });

export function evolveActivity(state: Activity, event: ActivityEvent): Activity {
  switch (event.type) {
    case 'ActivityPlanned':
    case 'ActivityHeld': {
      const { activityId, communityCode, kind, title, organiser, scale, theme } = event.data;
      const details: ActivityDetails = {
        activityId,
        communityCode,
        kind,
        title,
        organiser,
        scale,
        ...(theme ? { theme } : {}),
      };
      const evidenceRefs = state.status === 'none' ? [] : state.evidenceRefs;
      return { status: event.type === 'ActivityPlanned' ? 'planned' : 'held', details, evidenceRefs };
    }
    case 'ActivityCancelled':
      return state.status === 'none' ? state : { ...state, status: 'cancelled' };
    case 'ActivityEvidenceAttached':
      return state.status === 'none'
        ? state
        : { ...state, evidenceRefs: [...state.evidenceRefs, ...event.data.evidence.map((e) => e.ref)] };
    default:
      return state;
  }
}
