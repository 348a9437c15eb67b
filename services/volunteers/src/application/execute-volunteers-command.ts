import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CLOCK,
  codeAncestors,
  invalid,
  JURISDICTION_LOOKUP,
  nameBasedId,
  serviceProjectStream,
  starScheduleStream,
  volunteerStream,
  volunteerTeamStream,
} from '@chuangwen/contracts';
import type {
  Actor,
  Clock,
  DomainEvent,
  JurisdictionLookup,
  StarThresholdsSet,
  VolunteerEvent,
} from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { assertCommunity, handleCommand, waitForReaders } from '@chuangwen/commanding';
import type { Decider } from '@chuangwen/commanding';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { toDay } from '@chuangwen/scoring-engine';
import type { CreateServiceProject, SetStarThresholds, TeamCommand, VolunteerCommand } from '../domain/commands';
import { volunteerDecider } from '../domain/volunteer.decider';
import { OrganisationContext, projectDecider, scheduleDecider, teamDecider } from '../domain/organisation.decider';
import type { StarSchedule } from '../domain/star-level';
import { evolveVolunteer, initialVolunteer, registeredOn } from '../domain/volunteer';

export type VolunteersCommand = VolunteerCommand | TeamCommand | CreateServiceProject | SetStarThresholds;

export class ExecuteVolunteersCommand {
  constructor(
    readonly command: VolunteersCommand,
    readonly actor: Actor,
    readonly correlationId: string,
  ) {}
}

export interface VolunteersCommandResult {
  readonly id: string;
  readonly events: string[];
  readonly position: number;
}

/** The id of a person's registration in a community: the same person twice is the same stream. */
export const volunteerIdOf = (communityCode: string, idHash: string): string =>
  nameBasedId(`volunteer|${communityCode}|${idHash}`);

@CommandHandler(ExecuteVolunteersCommand)
export class ExecuteVolunteersCommandHandler implements ICommandHandler<
  ExecuteVolunteersCommand,
  VolunteersCommandResult
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly reads: ReadYourWrites,
  ) {}

  async execute({ command, actor, correlationId }: ExecuteVolunteersCommand): Promise<VolunteersCommandResult> {
    const now = this.clock.now();
    const today = toDay(now);
    const run = async <S, C, E extends DomainEvent & { data: object }>(
      stream: string,
      id: string,
      decider: Decider<S, C, E>,
      c: C,
    ) => {
      const result = await handleCommand(
        this.store,
        stream,
        decider,
        c,
        { actor, correlationId, now },
        {
          jurisdictionOf: (e: E) =>
            'communityCode' in e.data
              ? (e.data.communityCode as string)
              : (e.data as { jurisdictionCode: string }).jurisdictionCode,
        },
      );
      await waitForReaders(this.reads, result);
      return { id, events: result.events.map((e) => e.type), position: result.position };
    };
    const org: OrganisationContext = { actor, today };
    switch (command.type) {
      case 'RegisterVolunteer':
        await this.assertCommunity(command.data.communityCode);
        return run(
          volunteerStream(command.data.volunteerId),
          command.data.volunteerId,
          volunteerDecider({ actor, today, schedules: [] }),
          command,
        );
      case 'DeregisterVolunteer':
      case 'RejectServiceRecord':
        return run(
          volunteerStream(command.data.volunteerId),
          command.data.volunteerId,
          volunteerDecider({ actor, today, schedules: [] }),
          command,
        );
      case 'RecordService':
        await this.assertOrganisation(command.data.volunteerId, command.data.projectId, command.data.teamId);
        return run(
          volunteerStream(command.data.volunteerId),
          command.data.recordId,
          volunteerDecider({ actor, today, schedules: [] }),
          command,
        );
      case 'ConfirmServiceRecord': {
        const schedules = await this.schedulesOf(command.data.volunteerId);
        return run(
          volunteerStream(command.data.volunteerId),
          command.data.recordId,
          volunteerDecider({ actor, today, schedules }),
          command,
        );
      }
      case 'FormTeam':
        await this.assertCommunity(command.data.communityCode);
        return run(volunteerTeamStream(command.data.teamId), command.data.teamId, teamDecider(org), command);
      case 'JoinTeam':
      case 'LeaveTeam': {
        const v = await this.volunteer(command.data.volunteerId);
        const volunteer =
          v.status === 'none'
            ? undefined
            : { communityCode: v.communityCode, registered: v.status === 'registered' && registeredOn(v, today) };
        return run(
          volunteerTeamStream(command.data.teamId),
          command.data.teamId,
          teamDecider({ ...org, volunteer }),
          command,
        );
      }
      case 'CreateServiceProject':
        await this.assertCommunity(command.data.communityCode);
        if (command.data.teamId) await this.assertTeamIn(command.data.teamId, command.data.communityCode);
        return run(serviceProjectStream(command.data.projectId), command.data.projectId, projectDecider(org), command);
      case 'SetStarThresholds':
        return run(
          starScheduleStream(command.data.jurisdictionCode),
          command.data.jurisdictionCode,
          scheduleDecider(org),
          command,
        );
    }
  }

  private async volunteer(volunteerId: string) {
    const events = await this.store.readStream(volunteerStream(volunteerId));
    return events.reduce((s, e) => evolveVolunteer(s, e as unknown as VolunteerEvent), initialVolunteer());
  }

  /** The schedules of the volunteer's community and its ancestors (few streams, each short). */
  private async schedulesOf(volunteerId: string): Promise<StarSchedule[]> {
    const v = await this.volunteer(volunteerId);
    if (v.status === 'none') return [];
    const codes = [...codeAncestors(v.communityCode), v.communityCode];
    const streams = await Promise.all(codes.map((c) => this.store.readStream(starScheduleStream(c))));
    return streams.flat().map((e) => (e as unknown as StarThresholdsSet).data);
  }

  private async assertOrganisation(volunteerId: string, projectId?: string, teamId?: string): Promise<void> {
    const v = await this.volunteer(volunteerId);
    if (v.status === 'none') return; // the decider answers 404
    if (teamId) await this.assertTeamIn(teamId, v.communityCode);
    if (projectId) {
      const [created] = await this.store.readStream(serviceProjectStream(projectId), { maxCount: 1 });
      if (!created) throw invalid(`service project ${projectId} does not exist`, { field: 'projectId' });
      if ((created.data as { communityCode: string }).communityCode !== v.communityCode)
        throw invalid(`service project ${projectId} belongs to another community`, { field: 'projectId' });
    }
  }

  private async assertTeamIn(teamId: string, communityCode: string): Promise<void> {
    const [formed] = await this.store.readStream(volunteerTeamStream(teamId), { maxCount: 1 });
    if (!formed) throw invalid(`team ${teamId} does not exist`, { field: 'teamId' });
    if ((formed.data as { communityCode: string }).communityCode !== communityCode)
      throw invalid(`team ${teamId} belongs to another community`, { field: 'teamId' });
  }

  private assertCommunity(code: string): Promise<void> {
    return assertCommunity(this.jurisdictions, code, { whenMissing: 'not_found' });
  }
}
