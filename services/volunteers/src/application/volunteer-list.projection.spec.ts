import type { ServiceRecorded, VolunteerEvent, VolunteerRegistered } from '@chuangwen/contracts';
import { projectionSpec } from '@chuangwen/projections/testing';
import { VOLUNTEERS, volunteerListProjection } from './volunteer-list.projection';

const community = '620102001001';
const registered: VolunteerRegistered = {
  type: 'VolunteerRegistered',
  version: 1,
  data: {
    volunteerId: 'v1',
    communityCode: community,
    name: '李梅',
    idHash: 'a3f1c9e0b27d4e5f8a6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
    idMasked: '6201**********1234',
    phone: '13800000000',
    skills: ['急救', '理发'],
    registeredOn: '2025-03-01',
  },
};
const serviceRecorded = (recordId: string, date: string, hours: number): ServiceRecorded => ({
  type: 'ServiceRecorded',
  version: 1,
  data: {
    recordId,
    volunteerId: 'v1',
    communityCode: community,
    date,
    hours,
    kind: 'home_haircut',
    category: 'care_for_others',
    description: '为空巢老人上门理发',
    projectId: 'sp-1',
  },
});
const confirmed = (recordId: string, date: string, hours: number, cumulativeHours: number): VolunteerEvent => ({
  type: 'ServiceRecordConfirmed',
  version: 1,
  data: {
    recordId,
    volunteerId: 'v1',
    communityCode: community,
    date,
    hours,
    confirmedBy: 'community',
    cumulativeHours,
  },
});
const service = (recordId: string, date: string, hours: number) => ({
  recordId,
  date,
  hours,
  kind: 'home_haircut',
  description: '为空巢老人上门理发',
  projectId: 'sp-1',
});

/** On the register: the masked number only, never the keyed hash. */
const listed = {
  _id: 'v1',
  volunteerId: 'v1',
  communityCode: community,
  name: '李梅',
  idMasked: '6201**********1234',
  phone: '13800000000',
  skills: ['急救', '理发'],
  status: 'registered',
  registeredOn: '2025-03-01',
  cumulativeHours: 0,
  star: 0,
  pending: [],
  services: [],
};
const spec = () => projectionSpec(volunteerListProjection);

describe('volunteer list projection', () => {
  it('puts a registered volunteer on the register with the masked identity number only', () =>
    spec()
      .given([])
      .when([registered])
      .then({ [VOLUNTEERS]: [listed] }));

  it('keeps a recorded service pending, then certifies it with the hours confirmed, once however redelivered', () =>
    spec()
      .given([registered, serviceRecorded('r1', '2025-04-01', 2.5)])
      .when([confirmed('r1', '2025-04-01', 2.5, 2.5), serviceRecorded('r2', '2025-04-02', 3)], { times: 2 })
      .then({
        [VOLUNTEERS]: [
          {
            ...listed,
            cumulativeHours: 2.5,
            pending: [service('r2', '2025-04-02', 3)],
            services: [{ ...service('r1', '2025-04-01', 2.5), confirmedBy: 'community' }],
          },
        ],
      }));

  it('drops a rejected record without counting it, and shows the star the confirmed hours reached', () =>
    spec()
      .given([registered, serviceRecorded('r1', '2025-04-01', 20), serviceRecorded('r2', '2025-04-02', 8)])
      .when([
        confirmed('r1', '2025-04-01', 20, 20),
        {
          type: 'ServiceRecordRejected',
          version: 1,
          data: { recordId: 'r2', volunteerId: 'v1', communityCode: community, reason: '无签到记录' },
        },
        {
          type: 'VolunteerStarReached',
          version: 1,
          data: {
            volunteerId: 'v1',
            communityCode: community,
            star: 1,
            previousStar: 0,
            cumulativeHours: 20,
            reachedOn: '2025-04-01',
            schedule: { jurisdictionCode: '000000', effectiveFrom: '2021-01-01', thresholds: [20, 60, 100, 150, 200] },
          },
        },
      ] satisfies VolunteerEvent[])
      .then({
        [VOLUNTEERS]: [
          {
            ...listed,
            cumulativeHours: 20,
            star: 1,
            services: [{ ...service('r1', '2025-04-01', 20), confirmedBy: 'community' }],
          },
        ],
      }));

  it('keeps the service history of a volunteer who left and registered again', () =>
    spec()
      .given([
        registered,
        serviceRecorded('r1', '2025-04-01', 4),
        confirmed('r1', '2025-04-01', 4, 4),
        {
          type: 'VolunteerDeregistered',
          version: 1,
          data: { volunteerId: 'v1', communityCode: community, reason: '外出务工', deregisteredOn: '2025-05-01' },
        },
      ] satisfies VolunteerEvent[])
      .when([{ ...registered, data: { ...registered.data, phone: '13900000000', registeredOn: '2025-09-01' } }])
      .then({
        [VOLUNTEERS]: [
          {
            ...listed,
            phone: '13900000000',
            registeredOn: '2025-09-01',
            cumulativeHours: 4,
            services: [{ ...service('r1', '2025-04-01', 4), confirmedBy: 'community' }],
          },
        ],
      }));

  it("leaves a volunteer as listed when another community's register changes, and lists no one it never saw registered", () =>
    spec()
      .given([registered])
      .when([
        {
          ...registered,
          data: { ...registered.data, volunteerId: 'v2', communityCode: '620102002001', name: '王强', skills: [] },
        },
        {
          type: 'VolunteerDeregistered',
          version: 1,
          data: { volunteerId: 'v2', communityCode: '620102002001', reason: '迁出', deregisteredOn: '2025-06-01' },
        },
        {
          ...serviceRecorded('r9', '2025-04-01', 1),
          data: { ...serviceRecorded('r9', '2025-04-01', 1).data, volunteerId: 'v9' },
        },
      ] satisfies VolunteerEvent[])
      .then({
        [VOLUNTEERS]: [
          listed,
          {
            ...listed,
            _id: 'v2',
            volunteerId: 'v2',
            communityCode: '620102002001',
            name: '王强',
            skills: [],
            status: 'deregistered',
            deregisteredOn: '2025-06-01',
          },
        ],
      }));
});
