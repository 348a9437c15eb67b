import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  DomainError,
  forbidden,
  invalid,
  isWithin,
  JURISDICTION_LOOKUP,
  nameBasedId,
  problemStream,
} from '@chuangwen/contracts';
import type { Actor, Clock, JurisdictionLookup } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { handleCommand } from '@chuangwen/commanding';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { toDay } from '@chuangwen/scoring-engine';
import type { GridClientConfig } from './grid-clients';
import { categoryOfGridClass } from '../domain/grid-classes';
import { GridLinkEvent, gridProblemDecider } from '../domain/grid-problem.decider';
import type { GridEventDto } from '../http/grid-event.dto';
import { GRID_LINK_OPTIONS, GridLinkOptions } from './options';

export interface GridReceipt {
  /** The problem's id, named `id` as on every other create answer. */
  readonly id: string;
  /** The same id under its former name, kept for existing clients. */
  readonly problemId: string;
  readonly category: string;
  readonly events: string[];
  readonly position: number;
}

/** The problem id of a grid event: the same for every delivery of it, so a race cannot double it. */
export const gridProblemId = (clientId: string, gridEventId: string): string =>
  nameBasedId(`grid/${clientId}/${gridEventId}`);

/**
 * The refusal of a community the registry does not hold. In distributed mode the registry is a
 * projection that may still be catching up (a fresh grid process), so the consumer retries it a while.
 */
export const isUnknownCommunity = (e: unknown): boolean =>
  e instanceof DomainError && e.kind === 'invalid' && e.details?.['reason'] === 'unknown_community';

/** The grid client as an actor: a system client acting for its jurisdiction. */
export const gridActor = (client: GridClientConfig): Actor => ({
  id: `grid-client:${client.keyId}`,
  roles: ['system'],
  jurisdiction: client.jurisdiction,
});

/** Business time of a problem: the China day it was found (as the inspections handler dates it). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/**
 * Takes a grid report (webhook or grid.inbound topic, signature already checked): scope, class,
 * community, then one append through the problem's decider. Every refusal happens before the append.
 */
@Injectable()
export class GridInbound {
  private readonly clients: ReadonlyMap<string, GridClientConfig>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly registry: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly reads: ReadYourWrites,
    @Inject(GRID_LINK_OPTIONS) options: GridLinkOptions,
  ) {
    this.clients = new Map(options.clients.map((c) => [c.keyId, c]));
  }

  client(keyId: string | undefined): GridClientConfig | undefined {
    return keyId ? this.clients.get(keyId) : undefined;
  }

  async receive(client: GridClientConfig, report: GridEventDto, correlationId: string): Promise<GridReceipt> {
    if (!isWithin(report.communityCode, client.jurisdiction)) {
      throw forbidden(
        `community ${report.communityCode} is outside the jurisdiction ${client.jurisdiction} of grid client ${client.keyId}`,
        { field: 'communityCode' },
      );
    }
    const { category, name } = categoryOfGridClass(report.classCode, report.className);
    const node = await this.registry.find(report.communityCode);
    if (!node || node.level !== 'community')
      throw invalid(`community ${report.communityCode} is not in the jurisdiction registry`, {
        field: 'communityCode',
        reason: 'unknown_community',
      });

    const problemId = gridProblemId(client.keyId, report.eventId);
    const now = this.clock.now();
    const actor = gridActor(client);
    const foundOn = toDay(new Date(report.reportedAt));
    const command = {
      type: 'ReceiveGridProblem' as const,
      data: {
        problemId,
        communityCode: report.communityCode,
        clientId: client.keyId,
        gridEventId: report.eventId,
        gridCellId: report.gridCellId,
        classCode: report.classCode,
        className: name,
        category,
        description: report.description,
        reportedAt: report.reportedAt,
        foundOn,
        ...(report.location ? { location: report.location } : {}),
        ...(report.evidence?.length
          ? {
              evidence: report.evidence.map((e) => ({
                kind: e.kind,
                ref: e.ref,
                ...(e.description ? { description: e.description } : {}),
              })),
            }
          : {}),
      },
    };
    const result = await handleCommand(
      this.store,
      problemStream(problemId),
      gridProblemDecider({ actor, now }),
      command,
      { actor, correlationId, now },
      {
        jurisdictionOf: (e: GridLinkEvent) => e.data.communityCode,
        occurredAt: (e: GridLinkEvent) =>
          e.type === 'ProblemRecorded' || e.type === 'GridProblemReceived' ? dayStart(foundOn) : undefined,
      },
    );
    // A repeated delivery appends nothing: it then waits for every projection, as the first one may still be applying.
    await this.reads.waitFor(result.position, result.events.length ? result.events.map((e) => e.type) : undefined);
    return { id: problemId, problemId, category, events: result.events.map((e) => e.type), position: result.position };
  }
}
