import type { ActivityEvent } from '@chuangwen/contracts';
import { projectionSpec } from '@chuangwen/projections/testing';
import { ACTIVITIES, activityListProjection } from './activity-list.projection';

const community = '620102001001';
const details = {
  activityId: 'a-1',
  communityCode: community,
  kind: 'culture_sports',
  scale: 'large',
  title: '社区运动会',
  organiser: '社区居委会',
} as const;
const planned: ActivityEvent = {
  type: 'ActivityPlanned',
  version: 1,
  data: { ...details, plannedFor: '2025-05-20', expectedParticipants: 300 },
};
const held: ActivityEvent = {
  type: 'ActivityHeld',
  version: 1,
  data: { ...details, heldAt: '2025-05-20T01:00:00.000Z', participants: 500 },
};
const photo: ActivityEvent = {
  type: 'ActivityEvidenceAttached',
  version: 1,
  data: { activityId: 'a-1', communityCode: community, evidence: [{ kind: 'photo', ref: 'ph-1' }] },
};
const listed = {
  _id: 'a-1',
  activityId: 'a-1',
  communityCode: community,
  streetCode: '620102001',
  districtCode: '620102',
  kind: 'culture_sports',
  scale: 'large',
  title: '社区运动会',
  organiser: '社区居委会',
};
const spec = () => projectionSpec(activityListProjection);

describe('activity list projection', () => {
  it('lists a planned activity under its community, street and district', () =>
    spec()
      .given([])
      .when([planned])
      .then({
        [ACTIVITIES]: [{ ...listed, status: 'planned', date: '2025-05-20', expectedParticipants: 300, evidence: [] }],
      }));

  it('shows it held on the day it was held, with its participants', () =>
    spec()
      .given([planned])
      .when([held])
      .then({
        [ACTIVITIES]: [
          {
            ...listed,
            status: 'held',
            date: '2025-05-20T01:00:00.000Z',
            participants: 500,
            expectedParticipants: 300,
            evidence: [],
          },
        ],
      }));

  it('attaches evidence once, however often the same event is delivered', () =>
    spec()
      .given([held])
      .when([photo], { times: 2 })
      .then({
        [ACTIVITIES]: [
          {
            ...listed,
            status: 'held',
            date: '2025-05-20T01:00:00.000Z',
            participants: 500,
            evidence: [{ kind: 'photo', ref: 'ph-1' }],
          },
        ],
      }));

  it('marks a cancelled activity with its reason, and ignores what comes for an activity it never saw', () =>
    spec()
      .given([planned])
      .when(
        [
          {
            type: 'ActivityCancelled',
            version: 1,
            data: { activityId: 'a-1', communityCode: community, reason: '暴雨' },
          },
          { ...photo, data: { ...photo.data, activityId: 'a-2' } },
        ],
        { times: 2 },
      )
      .then({
        [ACTIVITIES]: [
          {
            ...listed,
            status: 'cancelled',
            date: '2025-05-20',
            expectedParticipants: 300,
            cancelReason: '暴雨',
            evidence: [],
          },
        ],
      }));
});
