import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, DomainError } from '@chuangwen/contracts';
import type { Actor, Clock } from '@chuangwen/contracts';
import { toDay } from '@chuangwen/scoring-engine';
import { ExecuteInspectionsCommand } from './execute-inspections-command';
import { InspectionsQueries } from './inspections.queries';

export const INSPECTIONS_OPTIONS = Symbol('InspectionsOptions');
export interface InspectionsOptions {
  /** How often to look for rectifications past their deadline; 0 turns the timer off. */
  readonly overdueScanIntervalMs: number;
  /** How often to take escalation steps (督办); defaults to the overdue scan's interval; 0 turns it off. */
  readonly escalationScanIntervalMs?: number;
}

/** The scheduler acts as the system, for the whole country. */
export const SCHEDULER_ACTOR: Actor = {
  id: 'rectification-overdue-scheduler',
  roles: ['system'],
  jurisdiction: '000000',
};

export interface ScanResult {
  readonly marked: string[];
  readonly skipped: string[];
}

/**
 * Finds rectifications whose deadline passed (China days) without verification, from the read model,
 * and sends each a MarkRectificationOverdue through the decider — which decides again on the stream,
 * so a stale read model, a second scheduler instance or a retry change nothing twice.
 */
@Injectable()
export class RectificationOverdueScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('RectificationOverdueScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<ScanResult>;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: InspectionsQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INSPECTIONS_OPTIONS) private readonly options: InspectionsOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.overdueScanIntervalMs > 0) {
      this.timer = setInterval(
        () => void this.scan().catch((e) => this.log.error(`overdue scan failed: ${(e as Error).message}`)),
        this.options.overdueScanIntervalMs,
      );
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; overlapping calls share the pass in progress. */
  scan(): Promise<ScanResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<ScanResult> {
    const marked: string[] = [];
    const skipped: string[] = [];
    for (;;) {
      const due = (await this.queries.pastDeadline(toDay(this.clock.now()))).filter(
        (r) => !marked.includes(r.problemId) && !skipped.includes(r.problemId),
      );
      if (due.length === 0) break;
      for (const r of due) {
        try {
          const result = await this.commands.execute(
            new ExecuteInspectionsCommand(
              { type: 'MarkRectificationOverdue', data: { problemId: r.problemId } },
              SCHEDULER_ACTOR,
              `overdue-scan-${r.problemId}`,
            ),
          );
          (result.events.length ? marked : skipped).push(r.problemId);
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          skipped.push(r.problemId);
        }
      }
    }
    if (marked.length) this.log.log(`marked ${marked.length} rectification(s) overdue`);
    return { marked, skipped };
  }
}
