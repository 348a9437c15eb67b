import type { Actor, VolunteerTeamEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import { scheduleDecider, teamDecider } from './organisation.decider';

const community = '321282001001';
const actor: Actor = { id: 'u1', roles: ['community'], jurisdiction: community };
const formed: VolunteerTeamEvent = {
  type: 'VolunteerTeamFormed',
  version: 1,
  data: { teamId: 't1', communityCode: community, name: '党员服务队', kind: 'party_member', formedOn: '2025-06-01' },
};
const joined: VolunteerTeamEvent = {
  type: 'VolunteerJoinedTeam',
  version: 1,
  data: { teamId: 't1', volunteerId: 'v1', communityCode: community, joinedOn: '2025-06-10' },
};
const team = (volunteer?: { communityCode: string; registered: boolean }) =>
  deciderSpec(teamDecider({ actor, today: '2025-06-10', volunteer }));

describe('teams and star schedules', () => {
  it('forms a team once; registered volunteers of its community join once and leave', () => {
    team()
      .given([])
      .when({
        type: 'FormTeam',
        data: { teamId: 't1', communityCode: community, name: '党员服务队', kind: 'party_member' },
      })
      .then([{ ...formed, data: { ...formed.data, formedOn: '2025-06-10' } }]);
    team()
      .given([formed])
      .when({ type: 'FormTeam', data: { teamId: 't1', communityCode: community, name: 'x', kind: 'youth' } })
      .thenThrows('conflict');
    team({ communityCode: community, registered: true })
      .given([formed])
      .when({ type: 'JoinTeam', data: { teamId: 't1', volunteerId: 'v1' } })
      .then([joined]);
    team({ communityCode: community, registered: true })
      .given([formed, joined])
      .when({ type: 'JoinTeam', data: { teamId: 't1', volunteerId: 'v1' } })
      .thenThrows('conflict');
    team({ communityCode: community, registered: false })
      .given([formed])
      .when({ type: 'JoinTeam', data: { teamId: 't1', volunteerId: 'v1' } })
      .thenThrows('conflict');
    team({ communityCode: '321282001002', registered: true })
      .given([formed])
      .when({ type: 'JoinTeam', data: { teamId: 't1', volunteerId: 'v1' } })
      .thenThrows('invalid');
    team()
      .given([formed, joined])
      .when({ type: 'LeaveTeam', data: { teamId: 't1', volunteerId: 'v1' } })
      .then([
        {
          type: 'VolunteerLeftTeam',
          version: 1,
          data: { teamId: 't1', volunteerId: 'v1', communityCode: community, leftOn: '2025-06-10' },
        },
      ]);
    team()
      .given([formed])
      .when({ type: 'LeaveTeam', data: { teamId: 't1', volunteerId: 'v1' } })
      .thenThrows('conflict');
    team()
      .given([])
      .when({ type: 'LeaveTeam', data: { teamId: 't1', volunteerId: 'v1' } })
      .thenThrows('not_found');
  });

  it('sets thresholds from today or later, once per date, only five rising ones', () => {
    const s = deciderSpec(scheduleDecider({ actor, today: '2025-06-10' }));
    const data = { jurisdictionCode: '321200', effectiveFrom: '2025-07-01', thresholds: [50, 150, 300, 600, 1000] };
    s.given([])
      .when({ type: 'SetStarThresholds', data })
      .then([{ type: 'StarThresholdsSet', version: 1, data }]);
    s.given([{ type: 'StarThresholdsSet', version: 1, data }])
      .when({ type: 'SetStarThresholds', data })
      .thenThrows('conflict');
    s.given([])
      .when({ type: 'SetStarThresholds', data: { ...data, effectiveFrom: '2025-06-09' } })
      .thenThrows('invalid');
    s.given([])
      .when({ type: 'SetStarThresholds', data: { ...data, thresholds: [50, 40, 300, 600, 1000] } })
      .thenThrows('invalid');
  });
});
