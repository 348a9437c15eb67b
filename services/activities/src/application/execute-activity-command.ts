import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { activityStream, assertEvidenceRefs, CLOCK, EVIDENCE_LOOKUP } from '@chuangwen/contracts';
import type { EvidenceLookup } from '@chuangwen/contracts';
import type { ActivityEvent, Actor, Clock } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { assertCommunity, handleCommand, waitForReaders } from '@chuangwen/commanding';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { activityDecider } from '../domain/activity.decider';
import type { ActivityCommand } from '../domain/commands';
import { JURISDICTION_LOOKUP } from '@chuangwen/contracts';
import type { JurisdictionLookup } from '@chuangwen/contracts';

/** The Nest command carrying one plain domain command and who issued it. */
export class ExecuteActivityCommand {
  constructor(
    readonly command: ActivityCommand,
    readonly actor: Actor,
    readonly correlationId: string,
  ) {}
}

export interface ActivityCommandResult {
  /** The activity's id, named `id` as on every other command answer. */
  readonly id: string;
  /** The same id under its former name, kept for existing clients. */
  readonly activityId: string;
  readonly events: string[];
  readonly position: number;
}

@CommandHandler(ExecuteActivityCommand)
export class ExecuteActivityCommandHandler implements ICommandHandler<ExecuteActivityCommand, ActivityCommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly communities: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly reads: ReadYourWrites,
    @Inject(EVIDENCE_LOOKUP) private readonly evidence: EvidenceLookup,
  ) {}

  async execute({ command, actor, correlationId }: ExecuteActivityCommand): Promise<ActivityCommandResult> {
    if ('communityCode' in command.data) await this.assertCommunity(command.data.communityCode);
    await this.assertEvidence(command);
    const now = this.clock.now();
    const result = await handleCommand(
      this.store,
      activityStream(command.data.activityId),
      activityDecider({ actor, now }),
      command,
      { actor, correlationId, now },
      {
        jurisdictionOf: (e: ActivityEvent) => e.data.communityCode,
        occurredAt: (e: ActivityEvent) => (e.type === 'ActivityHeld' ? e.data.heldAt : undefined),
      },
    );
    await waitForReaders(this.reads, result);
    return {
      id: command.data.activityId,
      activityId: command.data.activityId,
      events: result.events.map((e) => e.type),
      position: result.position,
    };
  }

  /** `sha256:` references must name files uploaded for the activity's community (422 naming the field). */
  private async assertEvidence(command: ActivityCommand): Promise<void> {
    if (command.type === 'RecordActivity')
      return assertEvidenceRefs(command.data.evidence, command.data.communityCode, this.evidence);
    if (command.type !== 'AttachEvidence' || !command.data.evidence.some((e) => e.ref.startsWith('sha256:'))) return;
    const [first] = await this.store.readStream(activityStream(command.data.activityId), { maxCount: 1 });
    const communityCode = (first?.data as { communityCode?: string } | undefined)?.communityCode;
    if (communityCode) await assertEvidenceRefs(command.data.evidence, communityCode, this.evidence); // else the decider's 404
  }

  private assertCommunity(code: string): Promise<void> {
    return assertCommunity(this.communities, code);
  }
}
