import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, communityProfileStream, JURISDICTION_LOOKUP } from '@chuangwen/contracts';
import type { Actor, Clock, CommunityProfileUpdated, JurisdictionLookup } from '@chuangwen/contracts';
import { handleCommand, waitForReaders } from '@chuangwen/commanding';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { communityProfileDecider, UpdateCommunityProfile } from '../domain/community-profile.decider';

/** The Nest command carrying one plain domain command and who issued it. */
export class UpdateCommunityProfileCommand {
  constructor(
    readonly command: UpdateCommunityProfile,
    readonly actor: Actor,
    readonly correlationId: string,
  ) {}
}

/** What a command about a community answers (the code, the events appended, the log position). */
export interface CommunityCommandAnswer {
  readonly communityCode: string;
  readonly events: string[];
  readonly position: number;
}

/** Looks the code up in the registry, decides on the profile's stream, and waits for its readers (the scores). */
@CommandHandler(UpdateCommunityProfileCommand)
export class UpdateCommunityProfileHandler implements ICommandHandler<
  UpdateCommunityProfileCommand,
  CommunityCommandAnswer
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly reads: ReadYourWrites,
  ) {}

  async execute({ command, actor, correlationId }: UpdateCommunityProfileCommand): Promise<CommunityCommandAnswer> {
    const code = command.data.communityCode;
    const node = await this.jurisdictions.find(code);
    const now = this.clock.now();
    const result = await handleCommand(
      this.store,
      communityProfileStream(code),
      communityProfileDecider({ actor, level: node?.level }),
      command,
      { actor, correlationId, now },
      { jurisdictionOf: (e: CommunityProfileUpdated) => e.data.communityCode },
    );
    await waitForReaders(this.reads, result);
    return { communityCode: code, events: result.events.map((e) => e.type), position: result.position };
  }
}
