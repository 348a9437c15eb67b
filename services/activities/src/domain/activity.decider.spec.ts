import type { ActivityEvent, ActivityHeld, ActivityPlanned, Actor } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import { activityDecider } from './activity.decider';

const community = '321282001001';
const office: Actor = { id: 'u1', roles: ['community'], jurisdiction: '321282001' };
const outsider: Actor = { id: 'u2', roles: ['community'], jurisdiction: '321281' };
const now = new Date('2025-06-01T12:00:00Z');
const spec = (actor = office) => deciderSpec(activityDecider({ actor, now }));

const details = {
  activityId: 'a1',
  communityCode: community,
  kind: 'moral_lecture' as const,
  title: '道德讲堂',
  organiser: '社区居委会',
  scale: 'ordinary' as const,
};
const planned: ActivityPlanned = {
  type: 'ActivityPlanned',
  version: 1,
  data: { ...details, plannedFor: '2025-06-10T09:00:00Z' },
};
const held: ActivityHeld = {
  type: 'ActivityHeld',
  version: 1,
  data: { ...details, heldAt: '2025-05-20T09:00:00Z', participants: 120 },
};

describe('activity decider', () => {
  it('records a held activity, with its evidence', () => {
    spec()
      .given([])
      .when({ type: 'RecordActivity', data: { ...held.data, evidence: [{ kind: 'photo', ref: 'p-1' }] } })
      .then([
        held,
        {
          type: 'ActivityEvidenceAttached',
          version: 1,
          data: { activityId: 'a1', communityCode: community, evidence: [{ kind: 'photo', ref: 'p-1' }] },
        },
      ]);
  });

  it('refuses to record the same activity twice', () => {
    spec().given([held]).when({ type: 'RecordActivity', data: held.data }).thenThrows('conflict');
  });

  it('refuses a held date in the future', () => {
    spec()
      .given([])
      .when({ type: 'RecordActivity', data: { ...held.data, heldAt: '2025-07-01T00:00:00Z' } })
      .thenThrows('invalid');
  });

  it('plans, then marks held with the plan details', () => {
    spec().given([]).when({ type: 'PlanActivity', data: planned.data }).then([planned]);
    spec()
      .given([planned])
      .when({ type: 'MarkActivityHeld', data: { activityId: 'a1', heldAt: '2025-05-31T09:00:00Z', participants: 80 } })
      .then([
        {
          type: 'ActivityHeld',
          version: 1,
          data: { ...details, heldAt: '2025-05-31T09:00:00Z', participants: 80 },
        } as ActivityEvent,
      ]);
  });

  it('cancels a planned activity once, and never a held one', () => {
    spec()
      .given([planned])
      .when({ type: 'CancelActivity', data: { activityId: 'a1', reason: '天气' } })
      .then([
        { type: 'ActivityCancelled', version: 1, data: { activityId: 'a1', communityCode: community, reason: '天气' } },
      ]);
    const cancelled: ActivityEvent = {
      type: 'ActivityCancelled',
      version: 1,
      data: { activityId: 'a1', communityCode: community, reason: '天气' },
    };
    spec()
      .given([planned, cancelled])
      .when({ type: 'CancelActivity', data: { activityId: 'a1', reason: 'x' } })
      .thenThrows('conflict');
    spec()
      .given([held])
      .when({ type: 'CancelActivity', data: { activityId: 'a1', reason: 'x' } })
      .thenThrows('conflict');
    spec()
      .given([planned, cancelled])
      .when({ type: 'MarkActivityHeld', data: { activityId: 'a1', heldAt: '2025-05-01T00:00:00Z', participants: 1 } })
      .thenThrows('conflict');
  });

  it('attaches only evidence it has not seen, and none to a missing activity', () => {
    const attached: ActivityEvent = {
      type: 'ActivityEvidenceAttached',
      version: 1,
      data: { activityId: 'a1', communityCode: community, evidence: [{ kind: 'photo', ref: 'p-1' }] },
    };
    spec()
      .given([held, attached])
      .when({ type: 'AttachEvidence', data: { activityId: 'a1', evidence: [{ kind: 'photo', ref: 'p-1' }] } })
      .thenNothingHappens();
    spec()
      .given([])
      .when({ type: 'AttachEvidence', data: { activityId: 'a1', evidence: [{ kind: 'photo', ref: 'p-1' }] } })
      .thenThrows('not_found');
  });

  it('refuses to act on an activity outside the actor’s jurisdiction', () => {
    spec(outsider)
      .given([planned])
      .when({ type: 'CancelActivity', data: { activityId: 'a1', reason: 'x' } })
      .thenThrows('forbidden');
  });
});
