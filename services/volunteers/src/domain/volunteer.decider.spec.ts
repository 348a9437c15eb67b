import type { Actor, ServiceRecorded, VolunteerEvent, VolunteerRegistered } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import { volunteerDecider } from './volunteer.decider';
import type { StarSchedule } from './star-level';

const community = '321282001001';
const staff: Actor = { id: 'u1', roles: ['community'], jurisdiction: community };
const outsider: Actor = { id: 'u2', roles: ['community'], jurisdiction: '321281' };
const spec = (schedules: StarSchedule[] = [], actor = staff, today = '2025-06-10') =>
  deciderSpec(volunteerDecider({ actor, today, schedules }));

const registered: VolunteerRegistered = {
  type: 'VolunteerRegistered',
  version: 1,
  data: {
    volunteerId: 'v1',
    communityCode: community,
    name: '张三',
    idHash: 'h',
    idMasked: '3212**********1234',
    phone: '138',
    skills: [],
    registeredOn: '2025-01-01',
  },
};
const recorded = (recordId: string, date: string, hours: number): ServiceRecorded => ({
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
    description: '上门理发',
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
const record = (recordId: string, date: string, hours: number) => ({
  type: 'RecordService' as const,
  data: { volunteerId: 'v1', recordId, date, hours, kind: 'home_haircut' as const, description: '上门理发' },
});
const confirm = (recordId: string) => ({
  type: 'ConfirmServiceRecord' as const,
  data: { volunteerId: 'v1', recordId, confirmedBy: 'community' as const },
});

describe('volunteer decider', () => {
  it('registers once; the same person again in the community is a conflict; after leaving, again', () => {
    const { registeredOn, ...data } = registered.data;
    spec([], staff, '2025-01-01')
      .given([])
      .when({ type: 'RegisterVolunteer', data: { ...data, skills: [] } })
      .then([registered]);
    spec()
      .given([registered])
      .when({ type: 'RegisterVolunteer', data: { ...data, skills: [] } })
      .thenThrows('conflict');
    const left: VolunteerEvent = {
      type: 'VolunteerDeregistered',
      version: 1,
      data: { volunteerId: 'v1', communityCode: community, reason: '搬离', deregisteredOn: '2025-03-01' },
    };
    spec()
      .given([registered, left])
      .when({ type: 'RegisterVolunteer', data: { ...data, skills: [] } })
      .then([{ ...registered, data: { ...registered.data, registeredOn: '2025-06-10' } }]);
    spec()
      .given([registered])
      .when({ type: 'DeregisterVolunteer', data: { volunteerId: 'v1', reason: '搬离' } })
      .then([
        {
          type: 'VolunteerDeregistered',
          version: 1,
          data: { volunteerId: 'v1', communityCode: community, reason: '搬离', deregisteredOn: '2025-06-10' },
        },
      ]);
    spec()
      .given([registered, left])
      .when({ type: 'DeregisterVolunteer', data: { volunteerId: 'v1', reason: 'x' } })
      .thenThrows('conflict');
  });

  it('records a service with its 关爱 category', () => {
    spec()
      .given([registered])
      .when(record('r1', '2025-06-01', 3))
      .then([recorded('r1', '2025-06-01', 3)]);
  });

  it('refuses impossible records: over 24 hours a day, a future date, a day off the register, an unknown volunteer', () => {
    spec()
      .given([registered, recorded('r1', '2025-06-01', 20)])
      .when(record('r2', '2025-06-01', 5))
      .thenThrows('invalid');
    spec()
      .given([registered])
      .when(record('r2', '2025-06-11', 1))
      .thenThrows('invalid');
    spec()
      .given([registered])
      .when(record('r2', '2024-12-31', 1))
      .thenThrows('invalid');
    const left: VolunteerEvent = {
      type: 'VolunteerDeregistered',
      version: 1,
      data: { volunteerId: 'v1', communityCode: community, reason: 'x', deregisteredOn: '2025-03-01' },
    };
    spec()
      .given([registered, left])
      .when(record('r2', '2025-04-01', 1))
      .thenThrows('invalid');
    spec()
      .given([registered, left])
      .when(record('r2', '2025-02-01', 1))
      .then([recorded('r2', '2025-02-01', 1)]);
    spec()
      .given([])
      .when(record('r2', '2025-02-01', 1))
      .thenThrows('not_found');
    spec()
      .given([registered, recorded('r1', '2025-06-01', 2)])
      .when(record('r1', '2025-06-02', 1))
      .thenThrows('conflict');
  });

  it('a rejected record frees its hours of the day', () => {
    const rejected: VolunteerEvent = {
      type: 'ServiceRecordRejected',
      version: 1,
      data: { recordId: 'r1', volunteerId: 'v1', communityCode: community, reason: '重复' },
    };
    spec()
      .given([registered, recorded('r1', '2025-06-01', 20), rejected])
      .when(record('r2', '2025-06-01', 5))
      .then([recorded('r2', '2025-06-01', 5)]);
  });

  it('confirms once, adds the hours, and emits a new star when a threshold is crossed', () => {
    const history = [
      registered,
      recorded('r1', '2025-06-01', 10),
      confirmed('r1', '2025-06-01', 10, 95),
      recorded('r2', '2025-06-02', 8),
    ];
    spec()
      .given(history)
      .when(confirm('r2'))
      .then([
        confirmed('r2', '2025-06-02', 8, 103),
        {
          type: 'VolunteerStarReached',
          version: 1,
          data: {
            volunteerId: 'v1',
            communityCode: community,
            star: 1,
            previousStar: 0,
            cumulativeHours: 103,
            reachedOn: '2025-06-02',
            schedule: {
              jurisdictionCode: '000000',
              effectiveFrom: '0000-01-01',
              thresholds: [100, 300, 600, 1000, 1500],
            },
          },
        },
      ]);
    spec()
      .given([...history, confirmed('r2', '2025-06-02', 8, 103)])
      .when(confirm('r2'))
      .thenThrows('conflict');
    spec()
      .given([registered, recorded('r1', '2025-06-01', 2)])
      .when(confirm('r1'))
      .then([confirmed('r1', '2025-06-01', 2, 2)]);
  });

  it('uses the schedule in force on the record’s date; a later change does not rewrite past stars', () => {
    const city: StarSchedule = {
      jurisdictionCode: '321200',
      effectiveFrom: '2025-06-05',
      thresholds: [50, 150, 300, 600, 1000],
    };
    const history = [
      registered,
      recorded('r1', '2025-06-01', 10),
      confirmed('r1', '2025-06-01', 10, 60),
      recorded('r2', '2025-06-03', 1),
      recorded('r3', '2025-06-06', 1),
    ];
    // Before the city's date: national thresholds, 61 hours is no star.
    spec([city])
      .given(history)
      .when(confirm('r2'))
      .then([confirmed('r2', '2025-06-03', 1, 61)]);
    // On or after it: the city's thresholds, 61 hours is one star.
    const star = (ev: VolunteerEvent[]) => ev;
    spec([city])
      .given(star([...history, confirmed('r2', '2025-06-03', 1, 61)]))
      .when(confirm('r3'))
      .then([
        confirmed('r3', '2025-06-06', 1, 62),
        {
          type: 'VolunteerStarReached',
          version: 1,
          data: {
            volunteerId: 'v1',
            communityCode: community,
            star: 1,
            previousStar: 0,
            cumulativeHours: 62,
            reachedOn: '2025-06-06',
            schedule: city,
          },
        },
      ]);
  });

  it('a team confirms only its own records', () => {
    const teamRecord: ServiceRecorded = {
      ...recorded('r1', '2025-06-01', 2),
      data: { ...recorded('r1', '2025-06-01', 2).data, teamId: 't1' },
    };
    spec()
      .given([registered, teamRecord])
      .when({
        type: 'ConfirmServiceRecord',
        data: { volunteerId: 'v1', recordId: 'r1', confirmedBy: 'team', teamId: 't2' },
      })
      .thenThrows('invalid');
    spec()
      .given([registered, teamRecord])
      .when({
        type: 'ConfirmServiceRecord',
        data: { volunteerId: 'v1', recordId: 'r1', confirmedBy: 'team', teamId: 't1' },
      })
      .then([
        {
          type: 'ServiceRecordConfirmed',
          version: 1,
          data: {
            recordId: 'r1',
            volunteerId: 'v1',
            communityCode: community,
            date: '2025-06-01',
            hours: 2,
            confirmedBy: 'team',
            teamId: 't1',
            cumulativeHours: 2,
          },
        },
      ]);
  });

  it('refuses to act on a volunteer outside the actor’s jurisdiction', () => {
    spec([], outsider)
      .given([registered])
      .when(record('r1', '2025-06-01', 1))
      .thenThrows('forbidden');
  });
});
