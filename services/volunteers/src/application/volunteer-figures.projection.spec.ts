import type { CommunityProfileUpdated, ServiceRecorded, VolunteerEvent } from '@chuangwen/contracts';
import { projectionSpec } from '@chuangwen/projections/testing';
import type { VolunteerTotals } from './volunteer-figures.projection';
import { VOLUNTEER_FIGURES, volunteerFiguresProjection } from './volunteer-figures.projection';

type Event = VolunteerEvent | CommunityProfileUpdated | ServiceRecorded;

const [A, B] = ['620102001001', '620102002001'];

const registered = (volunteerId: string, communityCode = A): Event => ({
  type: 'VolunteerRegistered',
  version: 1,
  data: {
    volunteerId,
    communityCode,
    name: `志愿者${volunteerId}`,
    idHash: `hash-${volunteerId}`,
    idMasked: '6201**********1234',
    phone: '13800000000',
    skills: [],
    registeredOn: '2025-03-01',
  },
});
const deregistered = (volunteerId: string): Event => ({
  type: 'VolunteerDeregistered',
  version: 1,
  data: { volunteerId, communityCode: A, reason: '迁出', deregisteredOn: '2025-05-01' },
});
const residents = (communityCode: string, n: number): Event => ({
  type: 'CommunityProfileUpdated',
  version: 1,
  data: { communityCode, quantities: { residents: n } },
});
const confirmed = (volunteerId: string, recordId: string, date: string, hours: number, communityCode = A): Event => ({
  type: 'ServiceRecordConfirmed',
  version: 1,
  data: {
    recordId,
    volunteerId,
    communityCode,
    date,
    hours,
    confirmedBy: 'team',
    teamId: 't1',
    cumulativeHours: hours,
  },
});

const totals = (registered: number, residents: number, hours: number): VolunteerTotals => ({
  registered,
  residents,
  hours,
});
const community = (
  code: string,
  value: VolunteerTotals,
  days: Record<string, { h: number; v: Record<string, number> }>,
) => ({
  _id: code,
  code,
  level: 'community',
  ...value,
  days,
});
const node = (code: string, level: string, value: VolunteerTotals, children: Record<string, VolunteerTotals>) => ({
  _id: code,
  code,
  level,
  ...value,
  children,
});
/** A's totals carried up its chain alone (nothing else registered under its street and district). */
const chainOfA = (value: VolunteerTotals) => [
  node('620102001', 'street', value, { [A]: value }),
  node('620102', 'district', value, { '620102001': value }),
  node('620100', 'city', value, { '620102': value }),
  node('620000', 'province', value, { '620100': value }),
  node('000000', 'country', value, { '620000': value }),
];
const spec = () => projectionSpec(volunteerFiguresProjection);

describe('volunteer figures projection', () => {
  it("counts a community's registered volunteers beside its residents, up to the country", () =>
    spec()
      .given([residents(A, 1200)])
      .when([registered('v1'), registered('v2')])
      .then({ [VOLUNTEER_FIGURES]: [community(A, totals(2, 1200, 0), {}), ...chainOfA(totals(2, 1200, 0))] }));

  it('sums confirmed hours per day and per volunteer, to the hundredth, once however redelivered', () =>
    spec()
      .given([registered('v1'), registered('v2')])
      .when(
        [
          confirmed('v1', 'r1', '2025-04-01', 0.1),
          confirmed('v1', 'r2', '2025-04-01', 0.2),
          confirmed('v2', 'r3', '2025-04-01', 2.5),
          confirmed('v1', 'r4', '2025-04-02', 1.25),
          // Recorded, not yet confirmed: not counted.
          {
            type: 'ServiceRecorded',
            version: 1,
            data: {
              recordId: 'r5',
              volunteerId: 'v2',
              communityCode: A,
              date: '2025-04-02',
              hours: 8,
              kind: 'security_patrol',
              category: 'care_for_society',
              description: '夜间巡逻',
            },
          },
        ],
        { times: 2 },
      )
      .then({
        [VOLUNTEER_FIGURES]: [
          community(A, totals(2, 0, 4.05), {
            '2025-04-01': { h: 2.8, v: { v1: 0.3, v2: 2.5 } },
            '2025-04-02': { h: 1.25, v: { v1: 1.25 } },
          }),
          ...chainOfA(totals(2, 0, 4.05)),
        ],
      }));

  it('takes a deregistered volunteer off the count, keeps the hours served, and keeps residents a profile leaves out', () =>
    spec()
      .given([residents(A, 1200), registered('v1'), registered('v2'), confirmed('v1', 'r1', '2025-04-01', 3)])
      .when([
        deregistered('v1'),
        { type: 'CommunityProfileUpdated', version: 1, data: { communityCode: A, quantities: { outdoor_ads: 12 } } },
      ])
      .then({
        [VOLUNTEER_FIGURES]: [
          community(A, totals(1, 1200, 3), { '2025-04-01': { h: 3, v: { v1: 3 } } }),
          ...chainOfA(totals(1, 1200, 3)),
        ],
      }));

  it("sums the communities of a district; another street's volunteers leave the first community as it was", () =>
    spec()
      .given([residents(A, 1200), registered('v1'), confirmed('v1', 'r1', '2025-04-01', 2)])
      .when([residents(B, 800), registered('v9', B), confirmed('v9', 'r9', '2025-04-01', 1.5, B)], { times: 2 })
      .then({
        [VOLUNTEER_FIGURES]: [
          community(A, totals(1, 1200, 2), { '2025-04-01': { h: 2, v: { v1: 2 } } }),
          community(B, totals(1, 800, 1.5), { '2025-04-01': { h: 1.5, v: { v9: 1.5 } } }),
          node('620102001', 'street', totals(1, 1200, 2), { [A]: totals(1, 1200, 2) }),
          node('620102002', 'street', totals(1, 800, 1.5), { [B]: totals(1, 800, 1.5) }),
          node('620102', 'district', totals(2, 2000, 3.5), {
            '620102001': totals(1, 1200, 2),
            '620102002': totals(1, 800, 1.5),
          }),
          node('620100', 'city', totals(2, 2000, 3.5), { '620102': totals(2, 2000, 3.5) }),
          node('620000', 'province', totals(2, 2000, 3.5), { '620100': totals(2, 2000, 3.5) }),
          node('000000', 'country', totals(2, 2000, 3.5), { '620000': totals(2, 2000, 3.5) }),
        ],
      }));
});
