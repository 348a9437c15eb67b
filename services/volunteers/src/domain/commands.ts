import type { ServiceKind, VolunteerTeamKind } from '@chuangwen/contracts';

/**
 * Commands are plain data. RegisterVolunteer carries the identity number only hashed and masked:
 * the application turns the clear number into both before the domain sees it.
 */
export interface RegisterVolunteer {
  readonly type: 'RegisterVolunteer';
  readonly data: {
    volunteerId: string;
    communityCode: string;
    name: string;
    idHash: string;
    idMasked: string;
    phone: string;
    skills: string[];
  };
}
export interface DeregisterVolunteer {
  readonly type: 'DeregisterVolunteer';
  readonly data: { volunteerId: string; reason: string };
}
export interface RecordService {
  readonly type: 'RecordService';
  readonly data: {
    volunteerId: string;
    recordId: string;
    date: string;
    hours: number;
    kind: ServiceKind;
    description: string;
    projectId?: string;
    teamId?: string;
  };
}
export interface ConfirmServiceRecord {
  readonly type: 'ConfirmServiceRecord';
  readonly data: { volunteerId: string; recordId: string; confirmedBy: 'team' | 'community'; teamId?: string };
}
export interface RejectServiceRecord {
  readonly type: 'RejectServiceRecord';
  readonly data: { volunteerId: string; recordId: string; reason: string };
}
export type VolunteerCommand =
  RegisterVolunteer | DeregisterVolunteer | RecordService | ConfirmServiceRecord | RejectServiceRecord;

export interface FormTeam {
  readonly type: 'FormTeam';
  readonly data: { teamId: string; communityCode: string; name: string; kind: VolunteerTeamKind };
}
export interface JoinTeam {
  readonly type: 'JoinTeam';
  readonly data: { teamId: string; volunteerId: string };
}
export interface LeaveTeam {
  readonly type: 'LeaveTeam';
  readonly data: { teamId: string; volunteerId: string };
}
export type TeamCommand = FormTeam | JoinTeam | LeaveTeam;

export interface CreateServiceProject {
  readonly type: 'CreateServiceProject';
  readonly data: { projectId: string; communityCode: string; title: string; kind: ServiceKind; teamId?: string };
}

export interface SetStarThresholds {
  readonly type: 'SetStarThresholds';
  readonly data: { jurisdictionCode: string; effectiveFrom: string; thresholds: number[] };
}
