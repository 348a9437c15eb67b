import { conflict, forbidden, invalid, isWithin, notFound, SERVICE_KINDS } from '@chuangwen/contracts';
import type { Actor, VolunteerEvent } from '@chuangwen/contracts';
import type { VolunteerCommand } from './commands';
import { scheduleFor, starOf, StarSchedule } from './star-level';
import { evolveVolunteer, initialVolunteer, registeredOn, Volunteer } from './volunteer';

export interface VolunteerDecisionContext {
  readonly actor: Actor;
  /** Today in China time, 'YYYY-MM-DD'. */
  readonly today: string;
  /** Star schedules set by the volunteer's community and its ancestors (the national one is implied). */
  readonly schedules: readonly StarSchedule[];
}

/**
 * A volunteer's rules: registered once per community (the stream id derives from the keyed hash,
 * so the same person twice is the same stream), service recorded only for days on the register, not
 * in the future, at most 24 hours a day; a record confirmed or rejected once; confirmed hours raise
 * the star under the schedule in force on the record's date.
 */
export function decideVolunteer(
  command: VolunteerCommand,
  state: Volunteer,
  ctx: VolunteerDecisionContext,
): VolunteerEvent[] {
  if (state.status !== 'none' && !isWithin(state.communityCode, ctx.actor.jurisdiction)) {
    throw forbidden(
      `volunteer ${state.volunteerId} belongs to ${state.communityCode}, outside your jurisdiction ${ctx.actor.jurisdiction}`,
    );
  }
  switch (command.type) {
    case 'RegisterVolunteer': {
      if (state.status === 'registered')
        throw conflict(`this person is already registered as a volunteer in ${state.communityCode}`, {
          volunteerId: state.volunteerId,
        });
      return [{ type: 'VolunteerRegistered', version: 1, data: { ...command.data, registeredOn: ctx.today } }];
    }
    case 'DeregisterVolunteer': {
      const v = existing(state, command.data.volunteerId);
      if (v.status !== 'registered') throw conflict(`volunteer ${v.volunteerId} is not on the register`);
      return [
        {
          type: 'VolunteerDeregistered',
          version: 1,
          data: {
            volunteerId: v.volunteerId,
            communityCode: v.communityCode,
            reason: command.data.reason,
            deregisteredOn: ctx.today,
          },
        },
      ];
    }
    case 'RecordService': {
      const v = existing(state, command.data.volunteerId);
      const { recordId, date, hours, kind, description, projectId, teamId } = command.data;
      if (v.records[recordId]) throw conflict(`service record ${recordId} already exists`);
      if (date > ctx.today)
        throw invalid(`date ${date} is in the future: only service done can be recorded`, { field: 'date' });
      if (!(hours > 0) || hours > 24) throw invalid('hours must be more than 0 and at most 24', { field: 'hours' });
      if (!registeredOn(v, date))
        throw invalid(`volunteer ${v.volunteerId} was not on the register on ${date}`, { field: 'date' });
      const day = (v.hoursByDay[date] ?? 0) + hours;
      if (day > 24) throw invalid(`${day} hours on ${date}: a day has 24`, { field: 'hours' });
      return [
        {
          type: 'ServiceRecorded',
          version: 1,
          data: {
            recordId,
            volunteerId: v.volunteerId,
            communityCode: v.communityCode,
            date,
            hours,
            kind,
            category: SERVICE_KINDS[kind].category,
            description,
            ...(projectId ? { projectId } : {}),
            ...(teamId ? { teamId } : {}),
          },
        },
      ];
    }
    case 'ConfirmServiceRecord': {
      const v = existing(state, command.data.volunteerId);
      const record = recordOf(v, command.data.recordId);
      const { confirmedBy, teamId } = command.data;
      if (confirmedBy === 'team' && (!teamId || teamId !== record.teamId)) {
        throw invalid(`only the record's own team (${record.teamId ?? 'none'}) can confirm it as a team`, {
          field: 'teamId',
        });
      }
      const cumulativeHours = round(v.cumulativeHours + record.hours);
      const events: VolunteerEvent[] = [
        {
          type: 'ServiceRecordConfirmed',
          version: 1,
          data: {
            recordId: command.data.recordId,
            volunteerId: v.volunteerId,
            communityCode: v.communityCode,
            date: record.date,
            hours: record.hours,
            confirmedBy,
            ...(confirmedBy === 'team' ? { teamId } : {}),
            cumulativeHours,
          },
        },
      ];
      const schedule = scheduleFor(ctx.schedules, v.communityCode, record.date);
      const star = starOf(cumulativeHours, schedule.thresholds);
      if (star > v.star) {
        events.push({
          type: 'VolunteerStarReached',
          version: 1,
          data: {
            volunteerId: v.volunteerId,
            communityCode: v.communityCode,
            star,
            previousStar: v.star,
            cumulativeHours,
            reachedOn: record.date,
            schedule: { ...schedule, thresholds: [...schedule.thresholds] },
          },
        });
      }
      return events;
    }
    case 'RejectServiceRecord': {
      const v = existing(state, command.data.volunteerId);
      recordOf(v, command.data.recordId);
      return [
        {
          type: 'ServiceRecordRejected',
          version: 1,
          data: {
            recordId: command.data.recordId,
            volunteerId: v.volunteerId,
            communityCode: v.communityCode,
            reason: command.data.reason,
          },
        },
      ];
    }
  }
}

function existing(state: Volunteer, volunteerId: string): Volunteer {
  if (state.status === 'none') throw notFound(`volunteer ${volunteerId} does not exist`);
  return state;
}

function recordOf(v: Volunteer, recordId: string) {
  const record = v.records[recordId];
  if (!record) throw notFound(`service record ${recordId} of volunteer ${v.volunteerId} does not exist`);
  if (record.status !== 'recorded') throw conflict(`service record ${recordId} was already ${record.status}`);
  return record;
}

/** Hours are kept to two decimals (a quarter-hour is 0.25): no floating drift in sums. */
const round = (h: number) => Math.round(h * 100) / 100;

export const volunteerDecider = (ctx: VolunteerDecisionContext) => ({
  initialState: initialVolunteer,
  evolve: evolveVolunteer,
  decide: (command: VolunteerCommand, state: Volunteer) => decideVolunteer(command, state, ctx),
});
