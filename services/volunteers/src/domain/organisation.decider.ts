import { conflict, forbidden, invalid, isWithin, notFound } from '@chuangwen/contracts';
import type { Actor, ServiceProjectCreated, StarThresholdsSet, VolunteerTeamEvent } from '@chuangwen/contracts';
import type { CreateServiceProject, SetStarThresholds, TeamCommand } from './commands';
import { thresholdsProblem } from './star-level';

export interface OrganisationContext {
  readonly actor: Actor;
  readonly today: string;
  /** The volunteer a JoinTeam names, as the register knows it (the handler reads its stream). */
  readonly volunteer?: { readonly communityCode: string; readonly registered: boolean };
}

export interface Team {
  readonly formed: boolean;
  readonly communityCode: string;
  readonly members: readonly string[];
}
const initialTeam = (): Team => ({ formed: false, communityCode: '', members: [] });

function evolveTeam(state: Team, e: VolunteerTeamEvent): Team {
  switch (e.type) {
    case 'VolunteerTeamFormed':
      return { formed: true, communityCode: e.data.communityCode, members: [] };
    case 'VolunteerJoinedTeam':
      return { ...state, members: [...state.members, e.data.volunteerId] };
    case 'VolunteerLeftTeam':
      return { ...state, members: state.members.filter((m) => m !== e.data.volunteerId) };
  }
}

/** A team is formed once; registered volunteers of its community join it once and leave it once. */
function decideTeam(command: TeamCommand, state: Team, ctx: OrganisationContext): VolunteerTeamEvent[] {
  if (state.formed && !isWithin(state.communityCode, ctx.actor.jurisdiction))
    throw forbidden(`team ${command.data.teamId} is outside your jurisdiction`);
  if (command.type === 'FormTeam') {
    if (state.formed) throw conflict(`team ${command.data.teamId} already exists`);
    return [{ type: 'VolunteerTeamFormed', version: 1, data: { ...command.data, formedOn: ctx.today } }];
  }
  if (!state.formed) throw notFound(`team ${command.data.teamId} does not exist`);
  const { teamId, volunteerId } = command.data;
  const member = state.members.includes(volunteerId);
  if (command.type === 'LeaveTeam') {
    if (!member) throw conflict(`volunteer ${volunteerId} is not a member of team ${teamId}`);
    return [
      {
        type: 'VolunteerLeftTeam',
        version: 1,
        data: { teamId, volunteerId, communityCode: state.communityCode, leftOn: ctx.today },
      },
    ];
  }
  if (member) throw conflict(`volunteer ${volunteerId} is already a member of team ${teamId}`);
  if (!ctx.volunteer) throw notFound(`volunteer ${volunteerId} does not exist`);
  if (!ctx.volunteer.registered) throw conflict(`volunteer ${volunteerId} is not on the register`);
  if (ctx.volunteer.communityCode !== state.communityCode)
    throw invalid(
      `volunteer ${volunteerId} is registered in ${ctx.volunteer.communityCode}, the team in ${state.communityCode}`,
    );
  return [
    {
      type: 'VolunteerJoinedTeam',
      version: 1,
      data: { teamId, volunteerId, communityCode: state.communityCode, joinedOn: ctx.today },
    },
  ];
}

export const teamDecider = (ctx: OrganisationContext) => ({
  initialState: initialTeam,
  evolve: evolveTeam,
  decide: (command: TeamCommand, state: Team) => decideTeam(command, state, ctx),
});

/** A project is created once. */
export const projectDecider = (ctx: OrganisationContext) => ({
  initialState: () => ({ created: false }),
  evolve: (_: { created: boolean }, __: ServiceProjectCreated) => ({ created: true }),
  decide: (command: CreateServiceProject, state: { created: boolean }): ServiceProjectCreated[] => {
    if (state.created) throw conflict(`service project ${command.data.projectId} already exists`);
    return [{ type: 'ServiceProjectCreated', version: 1, data: { ...command.data, createdOn: ctx.today } }];
  },
});

/**
 * A jurisdiction's star thresholds change from a date that has not passed, so confirmations already
 * made (and the stars they gave) stay as they were; one schedule per effective date.
 */
export const scheduleDecider = (ctx: OrganisationContext) => ({
  initialState: (): string[] => [],
  evolve: (dates: string[], e: StarThresholdsSet) => [...dates, e.data.effectiveFrom],
  decide: (command: SetStarThresholds, dates: string[]): StarThresholdsSet[] => {
    const problem = thresholdsProblem(command.data.thresholds);
    if (problem) throw invalid(problem, { field: 'thresholds' });
    if (command.data.effectiveFrom < ctx.today)
      throw invalid(`effectiveFrom ${command.data.effectiveFrom} has passed: thresholds change from today or later`, {
        field: 'effectiveFrom',
      });
    if (dates.includes(command.data.effectiveFrom))
      throw conflict(`${command.data.jurisdictionCode} already has thresholds from ${command.data.effectiveFrom}`);
    return [{ type: 'StarThresholdsSet', version: 1, data: command.data }];
  },
});
