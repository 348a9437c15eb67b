import type { DomainEvent } from '../envelope';

/**
 * Events of the volunteers context (志愿服务). A volunteer's identity-card number never appears in
 * an event: only its keyed hash (HMAC-SHA256, to find the same person again) and a masked form.
 * Records follow the fields of 志愿服务记录与证明出具办法 (民政部, 2021): who, when, how long, what,
 * in which project, confirmed by whom — enough to issue a service certificate.
 */
type Day = string; // 'YYYY-MM-DD', China time

/** Stream of one volunteer: `volunteer-<volunteerId>` (registration, service records, stars). */
export const volunteerStream = (volunteerId: string): string => `volunteer-${volunteerId}`;
/** Stream of one team with its members: `volunteer-team-<teamId>`. */
export const volunteerTeamStream = (teamId: string): string => `volunteer-team-${teamId}`;
/** Stream of one service project: `service-project-<projectId>`. */
export const serviceProjectStream = (projectId: string): string => `service-project-${projectId}`;
/** Star thresholds a jurisdiction sets: `star-schedule-<code>`. */
export const starScheduleStream = (code: string): string => `star-schedule-${code}`;

/** Teams the seeds name (seed 000: 青少年、巾帼、党员、治安巡逻等社区服务志愿者队伍). */
export const VOLUNTEER_TEAM_KINDS = {
  party_member: '党员志愿者服务队',
  youth: '青年志愿者服务队',
  women: '巾帼志愿者服务队',
  security_patrol: '治安巡逻队',
  elderly: '老年志愿者服务队',
  other: '其他',
} as const;
export type VolunteerTeamKind = keyof typeof VOLUNTEER_TEAM_KINDS;

/**
 * Service kinds: the three 关爱 categories (seed 001: “关爱他人、关爱社会、关爱自然”) and the concrete
 * kinds the seeds list under them (seed 001: 家政服务、健康保护、亲情陪伴、法律援助, 关爱空巢老人、
 * 留守儿童、残疾人, 关爱山川河流; seed 000: 美化环境、帮困助弱、智力咨询、文化娱乐; seed 003: 上门理发, 志愿巡逻).
 */
export const SERVICE_KINDS = {
  household_service: { category: 'care_for_others', label: '家政服务' },
  health_care: { category: 'care_for_others', label: '健康保护' },
  companionship: { category: 'care_for_others', label: '亲情陪伴 (空巢老人、留守儿童)' },
  disability_support: { category: 'care_for_others', label: '助残' },
  poverty_relief: { category: 'care_for_others', label: '帮困助弱' },
  home_haircut: { category: 'care_for_others', label: '上门理发' },
  legal_aid: { category: 'care_for_society', label: '法律援助' },
  consulting: { category: 'care_for_society', label: '智力咨询' },
  culture_recreation: { category: 'care_for_society', label: '文化娱乐' },
  civility_persuasion: { category: 'care_for_society', label: '文明劝导' },
  security_patrol: { category: 'care_for_society', label: '治安巡逻' },
  environment_beautification: { category: 'care_for_nature', label: '美化环境' },
  rivers_and_mountains: { category: 'care_for_nature', label: '关爱山川河流' },
  other_others: { category: 'care_for_others', label: '其他关爱他人' },
  other_society: { category: 'care_for_society', label: '其他关爱社会' },
  other_nature: { category: 'care_for_nature', label: '其他关爱自然' },
} as const;
export type ServiceKind = keyof typeof SERVICE_KINDS;
export type ServiceCategory = (typeof SERVICE_KINDS)[ServiceKind]['category'];
export const SERVICE_KIND_VALUES = Object.keys(SERVICE_KINDS) as ServiceKind[];

/** v1: a volunteer was registered in a community. `idHash` is HMAC-SHA256 (hex) of the number. */
export type VolunteerRegistered = DomainEvent<
  'VolunteerRegistered',
  {
    readonly volunteerId: string;
    readonly communityCode: string;
    readonly name: string;
    readonly idHash: string;
    /** First four and last four characters, the rest starred: `3212**********1234`. */
    readonly idMasked: string;
    readonly phone: string;
    readonly skills: readonly string[];
    readonly registeredOn: Day;
  }
>;

/** v1: a volunteer left the register (the service history stays). */
export type VolunteerDeregistered = DomainEvent<
  'VolunteerDeregistered',
  {
    readonly volunteerId: string;
    readonly communityCode: string;
    readonly reason: string;
    readonly deregisteredOn: Day;
  }
>;

/** v1: a team was formed in a community. */
export type VolunteerTeamFormed = DomainEvent<
  'VolunteerTeamFormed',
  {
    readonly teamId: string;
    readonly communityCode: string;
    readonly name: string;
    readonly kind: VolunteerTeamKind;
    readonly formedOn: Day;
  }
>;

/** v1: a registered volunteer joined a team. */
export type VolunteerJoinedTeam = DomainEvent<
  'VolunteerJoinedTeam',
  { readonly teamId: string; readonly volunteerId: string; readonly communityCode: string; readonly joinedOn: Day }
>;

/** v1: a volunteer left a team. */
export type VolunteerLeftTeam = DomainEvent<
  'VolunteerLeftTeam',
  { readonly teamId: string; readonly volunteerId: string; readonly communityCode: string; readonly leftOn: Day }
>;

/** v1: a service project (服务项目) was set up, optionally run by a team. */
export type ServiceProjectCreated = DomainEvent<
  'ServiceProjectCreated',
  {
    readonly projectId: string;
    readonly communityCode: string;
    readonly title: string;
    readonly kind: ServiceKind;
    readonly teamId?: string;
    readonly createdOn: Day;
  }
>;

/** v1: a service was recorded for a volunteer; it counts once confirmed. */
export type ServiceRecorded = DomainEvent<
  'ServiceRecorded',
  {
    readonly recordId: string;
    readonly volunteerId: string;
    readonly communityCode: string;
    readonly date: Day;
    readonly hours: number;
    readonly kind: ServiceKind;
    readonly category: ServiceCategory;
    readonly description: string;
    readonly projectId?: string;
    readonly teamId?: string;
  }
>;

/** v1: a record was confirmed by the team or the community; `cumulativeHours` counts it. */
export type ServiceRecordConfirmed = DomainEvent<
  'ServiceRecordConfirmed',
  {
    readonly recordId: string;
    readonly volunteerId: string;
    readonly communityCode: string;
    readonly date: Day;
    readonly hours: number;
    readonly confirmedBy: 'team' | 'community';
    readonly teamId?: string;
    readonly cumulativeHours: number;
  }
>;

/** v1: a record was refused on confirmation (it never counts). */
export type ServiceRecordRejected = DomainEvent<
  'ServiceRecordRejected',
  { readonly recordId: string; readonly volunteerId: string; readonly communityCode: string; readonly reason: string }
>;

/** v1: confirmed hours reached a new star level under the schedule in force on the record's date. */
export type VolunteerStarReached = DomainEvent<
  'VolunteerStarReached',
  {
    readonly volunteerId: string;
    readonly communityCode: string;
    readonly star: number;
    readonly previousStar: number;
    readonly cumulativeHours: number;
    readonly reachedOn: Day;
    /** The jurisdiction whose schedule applied ('000000': the national default) and its start. */
    readonly schedule: {
      readonly jurisdictionCode: string;
      readonly effectiveFrom: Day;
      readonly thresholds: readonly number[];
    };
  }
>;

/** v1: a jurisdiction set its own star thresholds (hours for one to five stars) from a date. */
export type StarThresholdsSet = DomainEvent<
  'StarThresholdsSet',
  { readonly jurisdictionCode: string; readonly effectiveFrom: Day; readonly thresholds: readonly number[] }
>;

export type VolunteerEvent =
  | VolunteerRegistered
  | VolunteerDeregistered
  | ServiceRecorded
  | ServiceRecordConfirmed
  | ServiceRecordRejected
  | VolunteerStarReached;
export type VolunteerTeamEvent = VolunteerTeamFormed | VolunteerJoinedTeam | VolunteerLeftTeam;

export type VolunteersContextEvent = VolunteerEvent | VolunteerTeamEvent | ServiceProjectCreated | StarThresholdsSet;
