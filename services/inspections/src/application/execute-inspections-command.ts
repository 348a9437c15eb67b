import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  assertEvidenceRefs,
  CLOCK,
  EVIDENCE_LOOKUP,
  incidentStream,
  inspectionStream,
  JURISDICTION_LOOKUP,
  problemStream,
  surveyStream,
} from '@chuangwen/contracts';
import type { Actor, Clock, EvidenceLookup, InspectionsEvent, JurisdictionLookup } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { assertCommunity, Decider, handleCommand, waitForReaders } from '@chuangwen/commanding';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import type { InspectionsCommand } from '../domain/commands';
import type { DecisionContext } from '../domain/context';
import { incidentDecider } from '../domain/incident.decider';
import { inspectionDecider } from '../domain/inspection.decider';
import { problemDecider } from '../domain/problem.decider';
import { surveyDecider } from '../domain/survey.decider';
import { StandardsReader } from './standards.reader';

/** The Nest command carrying one plain domain command and who issued it. */
export class ExecuteInspectionsCommand {
  constructor(
    readonly command: InspectionsCommand,
    readonly actor: Actor,
    readonly correlationId: string,
  ) {}
}

export interface InspectionsCommandResult {
  readonly id: string;
  readonly events: string[];
  readonly position: number;
  /** A survey: the rate computed (positive / sampleSize, four decimals) and whether the sample is small. */
  readonly rate?: number;
  readonly smallSample?: boolean;
}

/** What a command computed that the caller did not send: a survey's rate and small-sample flag. */
function computed(events: readonly InspectionsEvent[]): Pick<InspectionsCommandResult, 'rate' | 'smallSample'> {
  const survey = events.find((e) => e.type === 'SurveyRecorded');
  return survey?.type === 'SurveyRecorded' ? { rate: survey.data.rate, smallSample: survey.data.smallSample } : {};
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one route over four deciders whose states differ; each is picked by the command it decides
type AnyDecider = Decider<any, any, InspectionsEvent>;

/** The aggregate (stream and decider) a command is about. */
function route(command: InspectionsCommand, ctx: DecisionContext): { id: string; stream: string; decider: AnyDecider } {
  const d = command.data as Record<string, string>;
  if ('inspectionId' in d && !('problemId' in d))
    return {
      id: d.inspectionId,
      stream: inspectionStream(d.inspectionId),
      decider: inspectionDecider(ctx) as AnyDecider,
    };
  if ('problemId' in d)
    return { id: d.problemId, stream: problemStream(d.problemId), decider: problemDecider(ctx) as AnyDecider };
  if ('surveyId' in d)
    return { id: d.surveyId, stream: surveyStream(d.surveyId), decider: surveyDecider(ctx) as AnyDecider };
  return { id: d.incidentId, stream: incidentStream(d.incidentId), decider: incidentDecider(ctx) as AnyDecider };
}

/** Business time of the events that record something found or done on a day (China midnight). */
function occurredAt(e: InspectionsEvent): string | undefined {
  const day =
    e.type === 'ProblemRecorded'
      ? e.data.foundOn
      : e.type === 'SurveyRecorded'
        ? e.data.conductedOn
        : e.type === 'IncidentReported'
          ? e.data.occurredOn
          : undefined;
  return day ? new Date(`${day}T00:00:00+08:00`).toISOString() : undefined;
}

@CommandHandler(ExecuteInspectionsCommand)
export class ExecuteInspectionsCommandHandler implements ICommandHandler<
  ExecuteInspectionsCommand,
  InspectionsCommandResult
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly communities: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly reads: ReadYourWrites,
    private readonly standards: StandardsReader,
    @Inject(EVIDENCE_LOOKUP) private readonly evidence: EvidenceLookup,
  ) {}

  async execute({ command, actor, correlationId }: ExecuteInspectionsCommand): Promise<InspectionsCommandResult> {
    if ('communityCode' in command.data) await this.assertCommunity(command.data.communityCode);
    const now = this.clock.now();
    const standards = command.type === 'ScoreInspectionItem' ? await this.standards.all() : undefined;
    const { id, stream, decider } = route(command, { actor, now, standards });
    await this.assertEvidence(command, stream);
    const result = await handleCommand(
      this.store,
      stream,
      decider,
      command,
      { actor, correlationId, now },
      {
        jurisdictionOf: (e: InspectionsEvent) => e.data.communityCode,
        occurredAt,
      },
    );
    await waitForReaders(this.reads, result);
    return { id, events: result.events.map((e) => e.type), position: result.position, ...computed(result.events) };
  }

  /**
   * `sha256:` references (a problem's evidence, a submission's, a scored item's) must name files
   * uploaded for the record's community: a 422 naming the field, before anything is decided.
   */
  private async assertEvidence(command: InspectionsCommand, stream: string): Promise<void> {
    const evidence = 'evidence' in command.data ? command.data.evidence : undefined;
    if (!evidence?.some((e) => e.ref.startsWith('sha256:'))) return;
    const communityCode =
      'communityCode' in command.data
        ? command.data.communityCode
        : ((await this.store.readStream(stream, { maxCount: 1 }))[0]?.data as { communityCode?: string } | undefined)
            ?.communityCode;
    if (communityCode) await assertEvidenceRefs(evidence, communityCode, this.evidence); // none: the decider's 404
  }

  private assertCommunity(code: string): Promise<void> {
    return assertCommunity(this.communities, code);
  }
}
