import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, DomainError } from '@chuangwen/contracts';
import type { Actor, Clock, EscalationStep } from '@chuangwen/contracts';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { toDay } from '@chuangwen/scoring-engine';
import { daysOverdue } from '../domain/escalation';
import { EscalationLadders } from './escalation-ladders';
import { ExecuteInspectionsCommand } from './execute-inspections-command';
import { INSPECTIONS_OPTIONS, InspectionsOptions } from './overdue.scheduler';
import { RECTIFICATIONS, RectificationView } from './views';

export const ESCALATION_ACTOR: Actor = {
  id: 'rectification-escalation-scheduler',
  roles: ['system'],
  jurisdiction: '000000',
};

export interface EscalationScanResult {
  /** Problem ids that took at least one step, and how many steps were taken in all. */
  readonly escalated: string[];
  readonly steps: number;
}

const OPEN = ['noticed', 'submitted', 'rejected'];
const PAGE = 500;

/**
 * Takes the escalation ladder's steps (督办) on the injected clock: every pass reads the overdue,
 * unverified rectifications, finds the ladder in force for each, and sends EscalateRectification
 * for those whose days overdue reached their next step. The decider decides on the problem's stream,
 * so a stale read model, a restart mid-pass, a second instance or a retry take no step twice.
 */
@Injectable()
export class RectificationEscalationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('RectificationEscalationScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<EscalationScanResult>;

  constructor(
    private readonly commands: CommandBus,
    private readonly ladders: EscalationLadders,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INSPECTIONS_OPTIONS) private readonly options: InspectionsOptions,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.options.escalationScanIntervalMs ?? this.options.overdueScanIntervalMs;
    if (every > 0) {
      this.timer = setInterval(
        () => void this.scan().catch((e) => this.log.error(`escalation scan failed: ${(e as Error).message}`)),
        every,
      );
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  scan(): Promise<EscalationScanResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<EscalationScanResult> {
    const today = toDay(this.clock.now());
    const cache = new Map<string, readonly EscalationStep[] | null>();
    const escalated: string[] = [];
    let steps = 0;
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.reads.find<RectificationView>(
        RECTIFICATIONS,
        { overdue: true, status: { $in: OPEN } },
        { sort: { problemId: 1 }, limit: PAGE, skip },
      );
      for (const r of page) {
        if (!r.deadline) continue;
        const ladder = await this.ladders.effective(r.communityCode, cache);
        const next = ladder.steps[r.escalatedStep ?? 0];
        if (!next || next.afterDays > daysOverdue(r.deadline, today)) continue;
        try {
          const result = await this.commands.execute(
            new ExecuteInspectionsCommand(
              { type: 'EscalateRectification', data: { problemId: r.problemId, ladder } },
              ESCALATION_ACTOR,
              `escalation-${r.problemId}-${today}`,
            ),
          );
          if (result.events.length) {
            escalated.push(r.problemId);
            steps += result.events.length;
          }
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
        }
      }
      if (page.length < PAGE) break;
    }
    if (steps) this.log.log(`took ${steps} escalation step(s) for ${escalated.length} rectification(s)`);
    return { escalated, steps };
  }
}
