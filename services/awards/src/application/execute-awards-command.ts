import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AWARD_KINDS,
  awardProgramStream,
  CLOCK,
  JURISDICTION_LOOKUP,
  nominationStream,
  notFound,
} from '@chuangwen/contracts';
import type { Actor, AwardProgramData, Clock, DomainEvent, JurisdictionLookup } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { assertCommunity, handleCommand, waitForReaders } from '@chuangwen/commanding';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { ScoringQueries } from '@chuangwen/scoring';
import { toDay } from '@chuangwen/scoring-engine';
import type { DefineProgram, NominationCommand } from '../domain/commands';
import { decideNomination, Eligibility, nominationDecider, NominationContext } from '../domain/nomination.decider';
import { evolveNomination, initialNomination, Nomination } from '../domain/nomination';
import { programDecider } from '../domain/program.decider';
import { evolvePlaces, initialPlaces, programPlacesDecider } from '../domain/program-places.decider';
import { NOMINATIONS } from './nomination-list.projection';

export type AwardsCommand = NominationCommand | DefineProgram;

/**
 * A shortlist loses a race for a place only to one that took a place, so with n places left it decides
 * at most n + 1 times before it has one or finds the program full: enough for a round of shortlists at once.
 */
const PLACE_ATTEMPTS = 10;

export class ExecuteAwardsCommand {
  constructor(
    readonly command: AwardsCommand,
    readonly actor: Actor,
    readonly correlationId: string,
    /** Set by the removal process: it runs inside a projection and must not wait for the projections. */
    readonly options: { wait?: boolean; causationId?: string } = {},
  ) {}
}

export interface AwardsCommandResult {
  readonly id: string;
  readonly events: string[];
  readonly position: number;
}

@CommandHandler(ExecuteAwardsCommand)
export class ExecuteAwardsCommandHandler implements ICommandHandler<ExecuteAwardsCommand, AwardsCommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly readYourWrites: ReadYourWrites,
    @Optional() private readonly scoring?: ScoringQueries,
  ) {}

  async execute({ command, actor, correlationId, options }: ExecuteAwardsCommand): Promise<AwardsCommandResult> {
    const now = this.clock.now();
    const today = toDay(now);
    const context = { actor, correlationId, now, causationId: options.causationId };
    const done = async (id: string, result: { events: DomainEvent[]; position: number }) => {
      if (options.wait !== false) await waitForReaders(this.readYourWrites, result);
      return { id, events: result.events.map((e) => e.type), position: result.position };
    };
    if (command.type === 'DefineProgram') {
      const result = await handleCommand(
        this.store,
        awardProgramStream(command.data.programId),
        programDecider(actor),
        command,
        context,
        { jurisdictionOf: (e) => e.data.authority },
      );
      return done(command.data.programId, result);
    }
    const program = await this.programOf(
      command.data.nominationId,
      command.type === 'SubmitNomination' ? command.data.programId : undefined,
    );
    if (command.type === 'SubmitNomination') await this.assertCommunity(command.data.nominee.communityCode);
    let eligibility: Eligibility | undefined;
    if (
      AWARD_KINDS[program.kind].holder === 'community' &&
      (command.type === 'SubmitNomination' || command.type === 'Shortlist')
    ) {
      const code =
        command.type === 'SubmitNomination'
          ? command.data.nominee.communityCode
          : await this.nomineeOf(command.data.nominationId);
      eligibility = await this.eligibilityOf(code, program);
    }
    const ctx: NominationContext = { actor, today, program, eligibility };
    if (command.type === 'Shortlist') await this.reservePlace(command.data.nominationId, ctx, context);
    const result = await handleCommand(
      this.store,
      nominationStream(command.data.nominationId),
      nominationDecider(ctx),
      command,
      context,
      {
        jurisdictionOf: (e) => e.data.communityCode,
      },
    );
    return done(command.data.nominationId, result);
  }

  /**
   * The quota's consistency boundary: a place taken on the program's stream at the revision read, so
   * of two shortlists for the last place exactly one gets it. The nomination is checked first (a
   * refused shortlist takes no place); a crash before its own append leaves the place held for it,
   * and a retried shortlist finds it and goes on.
   */
  private async reservePlace(
    nominationId: string,
    ctx: NominationContext,
    context: { actor: Actor; correlationId: string; now: Date; causationId?: string },
  ): Promise<void> {
    const nomination = await this.nomination(nominationId);
    if (decideNomination({ type: 'Shortlist', data: { nominationId } }, nomination, ctx).length === 0) return;
    const { programId, quota } = ctx.program;
    const places = (await this.store.readStream(awardProgramStream(programId))).reduce(
      (s, e) => evolvePlaces(s, e as never),
      initialPlaces(),
    );
    // Only a full program needs to know which holders left the running since (rejected, title removed).
    const released = new Set<string>();
    if (places.holders.length >= quota) {
      const holders = await Promise.all(
        places.holders.map(async (id) => [id, (await this.nomination(id)).status] as const),
      );
      for (const [id, status] of holders) if (status === 'rejected' || status === 'removed') released.add(id);
    }
    const listed = await this.reads.count(NOMINATIONS, {
      programId,
      status: { $in: ['shortlisted', 'on_notice', 'conferred'] },
    });
    await handleCommand(
      this.store,
      awardProgramStream(programId),
      programPlacesDecider({ today: ctx.today, released, listed }),
      {
        type: 'ReservePlace',
        data: { programId, nominationId, communityCode: nomination.nominee?.communityCode ?? '' },
      },
      context,
      {
        jurisdictionOf: (e) => (e.type === 'AwardPlaceReserved' ? e.data.communityCode : e.data.authority),
      },
      PLACE_ATTEMPTS,
    );
  }

  private async nomination(nominationId: string): Promise<Nomination> {
    return (await this.store.readStream(nominationStream(nominationId))).reduce(
      (s, e) => evolveNomination(s, e as never),
      initialNomination(),
    );
  }

  /** The program a command acts under: named by a submission, else the nomination's own. */
  private async programOf(nominationId: string, programId?: string): Promise<AwardProgramData> {
    let id = programId;
    if (!id) {
      const [first] = await this.store.readStream(nominationStream(nominationId), { maxCount: 1 });
      if (!first) throw notFound(`nomination ${nominationId} does not exist`);
      id = (first.data as { programId: string }).programId;
    }
    const [defined] = await this.store.readStream(awardProgramStream(id), { maxCount: 1 });
    if (!defined) throw notFound(`award program ${id} does not exist`);
    return defined.data as AwardProgramData;
  }

  private async nomineeOf(nominationId: string): Promise<string> {
    const [first] = await this.store.readStream(nominationStream(nominationId), { maxCount: 1 });
    return (first.data as { communityCode: string }).communityCode;
  }

  /** Eligibility read from the scoring engine: today's scorecard under the program's (or the nearest) standard. */
  private async eligibilityOf(code: string, program: AwardProgramData): Promise<Eligibility | undefined> {
    if (!this.scoring) return undefined;
    const { day, cards } = await this.scoring.communityScorecards(
      code,
      program.eligibility.standardId ? { standardId: program.eligibility.standardId } : {},
    );
    const card = cards[0];
    if (!card) return undefined;
    const total = Math.round(card.total * 100) / 100;
    return {
      standardId: card.standard.id,
      total,
      minTotal: program.eligibility.minTotal ?? card.passMark,
      vetoed: card.veto.vetoed,
      asOf: day,
    };
  }

  private assertCommunity(code: string): Promise<void> {
    return assertCommunity(this.jurisdictions, code, { whenMissing: 'not_found' });
  }
}
