import type { AwardPlaceReserved, AwardProgramData, AwardProgramEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import type { ReservePlace } from './commands';
import { PlaceContext, programPlacesDecider } from './program-places.decider';

const program: AwardProgramData = {
  programId: 'p1',
  kind: 'civilized_community',
  level: 'county',
  title: '区级文明社区',
  authority: '620102',
  cycle: { from: '2025-01-01', to: '2025-12-31' },
  quota: 2,
  noticeDays: 7,
  eligibility: { noVeto: true },
  validityYears: 2,
};
const defined: AwardProgramEvent = { type: 'AwardProgramDefined', version: 1, data: program };
const community = '620102001001';
const reserved = (nominationId: string): AwardPlaceReserved => ({
  type: 'AwardPlaceReserved',
  version: 1,
  data: { programId: 'p1', nominationId, communityCode: community, reservedOn: '2025-06-01' },
});
const reserve = (nominationId: string): ReservePlace => ({
  type: 'ReservePlace',
  data: { programId: 'p1', nominationId, communityCode: community },
});
const spec = (over: Partial<PlaceContext> = {}) =>
  deciderSpec(programPlacesDecider({ today: '2025-06-01', released: new Set(), ...over }));

describe('a program’s places (the quota)', () => {
  it('gives a place while the quota has one, and refuses the next with a conflict', () => {
    spec()
      .given([defined])
      .when(reserve('n1'))
      .then([reserved('n1')]);
    spec()
      .given([defined, reserved('n1')])
      .when(reserve('n2'))
      .then([reserved('n2')]);
    spec()
      .given([defined, reserved('n1'), reserved('n2')])
      .when(reserve('n3'))
      .thenThrows('conflict');
  });

  it('keeps the place of a retried shortlist, even on a full program', () => {
    spec()
      .given([defined, reserved('n1'), reserved('n2')])
      .when(reserve('n2'))
      .thenNothingHappens();
  });

  it('frees the place of a nomination that left the running (rejected, title removed)', () => {
    spec({ released: new Set(['n1']) })
      .given([defined, reserved('n1'), reserved('n2')])
      .when(reserve('n3'))
      .then([reserved('n3')]);
  });

  it('counts nominations the list shows in the running, for those shortlisted before places were reserved', () => {
    spec({ listed: 2 }).given([defined]).when(reserve('n1')).thenThrows('conflict');
    spec({ listed: 1 })
      .given([defined])
      .when(reserve('n1'))
      .then([reserved('n1')]);
  });

  it('needs the program', () => {
    spec().given([]).when(reserve('n1')).thenThrows('not_found');
  });
});
