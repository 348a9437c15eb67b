import type { Actor, CommunityProfileUpdated, JurisdictionLevel } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import {
  communityProfileDecider,
  evolveCommunityProfile,
  initialCommunityProfile,
  UpdateCommunityProfile,
} from './community-profile.decider';

const community = '620102001001';
const office: Actor = { id: 'u1', roles: ['office'], jurisdiction: '620102' };
/** The decider given what the registry says of the code: its level, or 'unregistered'. */
const spec = (registered: JurisdictionLevel | 'unregistered' = 'community', actor = office) =>
  deciderSpec(communityProfileDecider({ actor, level: registered === 'unregistered' ? undefined : registered }));
const update = (data: Omit<UpdateCommunityProfile['data'], 'communityCode'>, communityCode = community) =>
  ({ type: 'UpdateCommunityProfile', data: { communityCode, ...data } }) as const;
const updated = (data: Omit<CommunityProfileUpdated['data'], 'communityCode'>): CommunityProfileUpdated => ({
  type: 'CommunityProfileUpdated',
  version: 1,
  data: { communityCode: community, ...data },
});

describe('community profile decider', () => {
  it('records the quantities and attributes given, only those', () => {
    spec()
      .given([])
      .when(update({ quantities: { residents: 3290 }, attributes: { estate: 'old_renewal' } }))
      .then([updated({ quantities: { residents: 3290 }, attributes: { estate: 'old_renewal' } })]);
    spec()
      .given([updated({ quantities: { residents: 3290 } })])
      .when(update({ attributes: { estate: 'new' } }))
      .then([updated({ attributes: { estate: 'new' } })]);
  });

  it('records an update that repeats the values: someone confirmed them', () => {
    spec()
      .given([updated({ quantities: { residents: 20 } })])
      .when(update({ quantities: { residents: 20 } }))
      .then([updated({ quantities: { residents: 20 } })]);
  });

  it('refuses an update that sets nothing, naming quantities', () => {
    for (const empty of [{}, { quantities: {} }, { quantities: {}, attributes: {} }])
      spec()
        .given([])
        .when(update(empty))
        .thenThrows((error) => {
          expect(error).toMatchObject({
            kind: 'invalid',
            message: 'give at least one quantity or attribute',
            details: { field: 'quantities' },
          });
        });
  });

  it('refuses a code the registry does not know', () => {
    spec('unregistered')
      .given([])
      .when(update({ quantities: { residents: 1 } }, '620102999999'))
      .thenThrows('not_found', /^no jurisdiction 620102999999 in the registry$/);
  });

  it('sets a profile per community committee, not for a street or a district', () => {
    spec('street')
      .given([])
      .when(update({ quantities: { residents: 1 } }, '620102001'))
      .thenThrows('invalid', /^620102001 is a street: a profile is set per community committee$/);
    spec('district')
      .given([])
      .when(update({ attributes: { estate: 'old' } }, '620102'))
      .thenThrows('invalid', /^620102 is a district: a profile is set per community committee$/);
  });

  it("refuses a community outside the actor's jurisdiction", () => {
    spec('community', { ...office, jurisdiction: '620103' })
      .given([])
      .when(update({ quantities: { residents: 1 } }))
      .thenThrows('forbidden', /outside your jurisdiction 620103/);
  });

  it('folds the latest value of each quantity and attribute', () => {
    const state = [
      updated({ quantities: { residents: 20, outdoor_ads: 3 }, attributes: { estate: 'old' } }),
      updated({ quantities: { residents: 25 } }),
      updated({ attributes: { estate: 'new' } }),
    ].reduce(evolveCommunityProfile, initialCommunityProfile());
    expect(state).toEqual({ quantities: { residents: 25, outdoor_ads: 3 }, attributes: { estate: 'new' } });
  });
});
