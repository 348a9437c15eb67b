import type { VolunteerEvent } from '@chuangwen/contracts';

export interface ServiceRecordState {
  readonly date: string;
  readonly hours: number;
  readonly status: 'recorded' | 'confirmed' | 'rejected';
  readonly teamId?: string;
}

/** A volunteer as the decider needs it, folded from `volunteer-<id>`. */
export interface Volunteer {
  readonly status: 'none' | 'registered' | 'deregistered';
  readonly volunteerId: string;
  readonly communityCode: string;
  /** Registration periods, `to` exclusive (the day of deregistration). */
  readonly periods: readonly { from: string; to?: string }[];
  readonly records: Readonly<Record<string, ServiceRecordState>>;
  /** Hours recorded (and not rejected) per day: a day has 24 of them. */
  readonly hoursByDay: Readonly<Record<string, number>>;
  readonly cumulativeHours: number;
  /** The highest star reached so far (never lowered: past events are not rewritten). */
  readonly star: number;
}

export const initialVolunteer = (): Volunteer => ({
  status: 'none',
  volunteerId: '',
  communityCode: '',
  periods: [],
  records: {},
  hoursByDay: {},
  cumulativeHours: 0,
  star: 0,
});

export function evolveVolunteer(state: Volunteer, event: VolunteerEvent): Volunteer {
  switch (event.type) {
    case 'VolunteerRegistered':
      return {
        ...state,
        status: 'registered',
        volunteerId: event.data.volunteerId,
        communityCode: event.data.communityCode,
        periods: [...state.periods, { from: event.data.registeredOn }],
      };
    case 'VolunteerDeregistered': {
      const periods = state.periods.map((p, i) =>
        i === state.periods.length - 1 ? { ...p, to: event.data.deregisteredOn } : p,
      );
      return { ...state, status: 'deregistered', periods };
    }
    case 'ServiceRecorded': {
      const { recordId, date, hours, teamId } = event.data;
      return {
        ...state,
        records: { ...state.records, [recordId]: { date, hours, status: 'recorded', ...(teamId ? { teamId } : {}) } },
        hoursByDay: { ...state.hoursByDay, [date]: (state.hoursByDay[date] ?? 0) + hours },
      };
    }
    case 'ServiceRecordConfirmed': {
      const record = state.records[event.data.recordId];
      return {
        ...state,
        records: { ...state.records, [event.data.recordId]: { ...record, status: 'confirmed' } },
        cumulativeHours: event.data.cumulativeHours,
      };
    }
    case 'ServiceRecordRejected': {
      const record = state.records[event.data.recordId];
      return {
        ...state,
        records: { ...state.records, [event.data.recordId]: { ...record, status: 'rejected' } },
        hoursByDay: { ...state.hoursByDay, [record.date]: (state.hoursByDay[record.date] ?? 0) - record.hours },
      };
    }
    case 'VolunteerStarReached':
      return { ...state, star: Math.max(state.star, event.data.star) };
    default:
      return state;
  }
}

/** Was the volunteer on the register on that day? */
export const registeredOn = (state: Volunteer, day: string): boolean =>
  state.periods.some((p) => p.from <= day && (!p.to || day < p.to));
