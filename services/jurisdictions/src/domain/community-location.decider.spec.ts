import type { Actor, CommunityLocationSet, JurisdictionLevel } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import { communityLocationDecider, evolveCommunityLocation } from './community-location.decider';

const community = '620102001001';
const office: Actor = { id: 'u1', roles: ['office'], jurisdiction: '620102' };
// 17:00 UTC is 01:00 the next day in China: the day set on is Beijing time's.
const now = new Date('2025-06-01T17:00:00Z');
/** The decider given what the registry says of the code: its level, or 'unregistered'. */
const spec = (registered: JurisdictionLevel | 'unregistered' = 'community', actor = office) =>
  deciderSpec(communityLocationDecider({ actor, now, level: registered === 'unregistered' ? undefined : registered }));
const set = (communityCode = community, lat = 36.0611, lng = 103.8343) =>
  ({ type: 'SetCommunityLocation', data: { communityCode, lat, lng } }) as const;
const located = (lat: number, lng: number, setOn = '2025-06-02'): CommunityLocationSet => ({
  type: 'CommunityLocationSet',
  version: 1,
  data: { communityCode: community, lat, lng, setOn },
});

describe('community location decider', () => {
  it('records the centre point with the day it was set on', () => {
    spec()
      .given([])
      .when(set())
      .then([located(36.0611, 103.8343)]);
  });

  it('records a new point over an earlier one, and the latest counts', () => {
    spec()
      .given([located(36, 103, '2025-05-01')])
      .when(set(community, 36.5, 103.5))
      .then([located(36.5, 103.5)]);
    expect([located(36, 103, '2025-05-01'), located(36.5, 103.5)].reduce(evolveCommunityLocation, undefined)).toEqual(
      located(36.5, 103.5).data,
    );
  });

  it('refuses a code the registry does not know, and a street or district', () => {
    spec('unregistered')
      .given([])
      .when(set('620102999999'))
      .thenThrows('not_found', /^no jurisdiction 620102999999 in the registry$/);
    spec('street')
      .given([])
      .when(set('620102001'))
      .thenThrows('invalid', /^620102001 is a street: a centre point is set per community committee$/);
  });

  it("refuses a community outside the actor's jurisdiction", () => {
    spec('community', { ...office, jurisdiction: '620103' })
      .given([])
      .when(set())
      .thenThrows('forbidden', /outside your jurisdiction 620103/);
  });
});
