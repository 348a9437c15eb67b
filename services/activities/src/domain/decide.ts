import { conflict, forbidden, invalid, isWithin, notFound } from '@chuangwen/contracts';
import type { ActivityEvent, Actor, EvidenceReference } from '@chuangwen/contracts';
import type { Activity } from './activity';
import type { ActivityCommand } from './commands';

export interface ActivityDecisionContext {
  readonly actor: Actor;
  readonly now: Date;
}

type Existing = Exclude<Activity, { status: 'none' }>;

/**
 * The rules of an activity's life: recorded or planned once; a plan is held or cancelled once;
 * evidence can be attached until it is cancelled; nobody acts outside their jurisdiction.
 */
export function decideActivity(
  command: ActivityCommand,
  state: Activity,
  ctx: ActivityDecisionContext,
): ActivityEvent[] {
  if (state.status !== 'none' && !isWithin(state.details.communityCode, ctx.actor.jurisdiction)) {
    throw forbidden(
      `activity ${state.details.activityId} belongs to ${state.details.communityCode}, outside your jurisdiction ${ctx.actor.jurisdiction}`,
    );
  }
  switch (command.type) {
    case 'RecordActivity': {
      if (state.status !== 'none') throw conflict(`activity ${command.data.activityId} already exists`);
      const { evidence, ...held } = command.data;
      notInFuture(held.heldAt, ctx.now);
      const events: ActivityEvent[] = [{ type: 'ActivityHeld', version: 1, data: held }];
      if (evidence?.length) events.push(evidenceAttached(held, evidence));
      return events;
    }
    case 'PlanActivity':
      if (state.status !== 'none') throw conflict(`activity ${command.data.activityId} already exists`);
      return [{ type: 'ActivityPlanned', version: 1, data: command.data }];
    case 'MarkActivityHeld': {
      const planned = existing(state, command.data.activityId);
      if (planned.status !== 'planned') {
        throw conflict(
          `activity ${command.data.activityId} is ${planned.status}; only a planned activity can be marked held`,
        );
      }
      notInFuture(command.data.heldAt, ctx.now);
      return [{ type: 'ActivityHeld', version: 1, data: { ...planned.details, ...command.data } }];
    }
    case 'CancelActivity': {
      const planned = existing(state, command.data.activityId);
      if (planned.status !== 'planned') {
        throw conflict(
          `activity ${command.data.activityId} is ${planned.status}; only a planned activity can be cancelled`,
        );
      }
      const { activityId, communityCode } = planned.details;
      return [
        { type: 'ActivityCancelled', version: 1, data: { activityId, communityCode, reason: command.data.reason } },
      ];
    }
    case 'AttachEvidence': {
      const activity = existing(state, command.data.activityId);
      if (activity.status === 'cancelled') throw conflict(`activity ${command.data.activityId} was cancelled`);
      const fresh = command.data.evidence.filter((e) => !activity.evidenceRefs.includes(e.ref));
      return fresh.length ? [evidenceAttached(activity.details, fresh)] : [];
    }
  }
}

function existing(state: Activity, activityId: string): Existing {
  if (state.status === 'none') throw notFound(`activity ${activityId} does not exist`);
  return state;
}

const evidenceAttached = (
  { activityId, communityCode }: { activityId: string; communityCode: string },
  evidence: EvidenceReference[],
): ActivityEvent => ({ type: 'ActivityEvidenceAttached', version: 1, data: { activityId, communityCode, evidence } });

/** Only what took place counts; a future date is a plan, not a record. */
function notInFuture(iso: string, now: Date): void {
  if (new Date(iso).getTime() > now.getTime())
    throw invalid(`heldAt ${iso} is in the future: plan the activity instead`);
}
