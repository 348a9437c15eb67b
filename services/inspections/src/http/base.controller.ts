import { randomUUID } from 'node:crypto';
import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isWithin } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { ExecuteInspectionsCommand, InspectionsCommandResult } from '../application/execute-inspections-command';
import { InspectionsQueries, ListKind } from '../application/inspections.queries';
import type { InspectionsCommand } from '../domain/commands';
import type { ListQueryDto } from './dto/common.dto';

/** Who may do what (the deciders add the jurisdiction check on each record). */
export const INSPECTING = ['inspector', 'office'] as const;
export const FINDING = ['inspector', 'office', 'street', 'system'] as const;
export const SUPERVISING = ['office', 'street'] as const;
export const RECTIFYING = ['community', 'system'] as const;
export const VERIFYING = ['office'] as const;
/** Street offices verify their communities' rectifications (核查), as district and city offices do. */
export const CHECKING_RECTIFICATIONS = ['office', 'street'] as const;
export const REPORTING = ['office', 'street', 'community', 'inspector', 'system'] as const;

/** Reading is allowed at and below the caller's jurisdiction (and of the aggregates above it, for counts). */
export function assertReadable(code: string, actor: Actor, aggregatesAbove = false): void {
  if (isWithin(code, actor.jurisdiction) || (aggregatesAbove && isWithin(actor.jurisdiction, code))) return;
  throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
}

/** Thin: turn a validated request into a command with its actor, dispatch it, or read a list. */
export abstract class InspectionsHttp {
  constructor(
    protected readonly commands: CommandBus,
    protected readonly queries: InspectionsQueries,
  ) {}

  protected run(command: InspectionsCommand, actor: Actor, correlationId?: string): Promise<InspectionsCommandResult> {
    return this.commands.execute(new ExecuteInspectionsCommand(command, actor, correlationId ?? randomUUID()));
  }

  protected list(kind: ListKind, q: ListQueryDto, actor: Actor) {
    assertReadable(q.jurisdictionCode, actor);
    return this.queries.list(kind, q.jurisdictionCode, q);
  }

  protected async one(kind: ListKind, id: string, actor: Actor) {
    const view = await this.queries.one(kind, id);
    if (!view) throw new NotFoundException(`no ${kind.replace(/s$/, '')} ${id}`);
    assertReadable(view.communityCode, actor);
    return view;
  }
}
