import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, communityLocationStream, JURISDICTION_LOOKUP } from '@chuangwen/contracts';
import type { Actor, Clock, CommunityLocationSet, JurisdictionLookup } from '@chuangwen/contracts';
import { handleCommand, waitForReaders } from '@chuangwen/commanding';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { communityLocationDecider, SetCommunityLocation } from '../domain/community-location.decider';
import type { CommunityCommandAnswer } from './update-community-profile';

/** The Nest command carrying one plain domain command and who issued it. */
export class SetCommunityLocationCommand {
  constructor(
    readonly command: SetCommunityLocation,
    readonly actor: Actor,
    readonly correlationId: string,
  ) {}
}

/** Looks the code up in the registry and decides on the community's centre-point stream. */
@CommandHandler(SetCommunityLocationCommand)
export class SetCommunityLocationHandler implements ICommandHandler<
  SetCommunityLocationCommand,
  CommunityCommandAnswer
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly reads: ReadYourWrites,
  ) {}

  async execute({ command, actor, correlationId }: SetCommunityLocationCommand): Promise<CommunityCommandAnswer> {
    const code = command.data.communityCode;
    const node = await this.jurisdictions.find(code);
    const now = this.clock.now();
    const result = await handleCommand(
      this.store,
      communityLocationStream(code),
      communityLocationDecider({ actor, now, level: node?.level }),
      command,
      { actor, correlationId, now },
      { jurisdictionOf: (e: CommunityLocationSet) => e.data.communityCode },
    );
    // No projection reads centre points (evidence reads the stream): this returns at once.
    await waitForReaders(this.reads, result);
    return { communityCode: code, events: result.events.map((e) => e.type), position: result.position };
  }
}
