import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, isWithin } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { backoffDelay, DeliveryOutcome } from '@chuangwen/webhooks';
import { GridEndpoint, GridEndpoints } from './endpoints';
import { GRID_LINK_OPTIONS, GridLinkOptions } from './options';
import { GRID_OUTBOX, OutboxDoc } from './outbox.projection';
import { GRID_TRANSPORT, GridTransport } from './transport';

/** Name under which the dispatcher commits its delivery marks. */
const WRITER = 'grid-link.dispatcher';

export interface EndpointHealth {
  readonly failures: number;
  /** Epoch ms before which the endpoint is not tried again (0: now). */
  readonly nextAttemptAt: number;
  readonly lastError?: string;
  readonly delivered: number;
  readonly refused: number;
}

export interface TickReport {
  readonly delivered: number;
  readonly refused: number;
  readonly failed: number;
  /** Endpoints skipped because their back-off has not run out. */
  readonly backingOff: number;
  /** Entries still open after the tick. */
  readonly open: number;
}

type Mut<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Delivers the outbox, at least once, to every endpoint whose jurisdiction covers the problem.
 * Per endpoint it walks the open entries in outbox order and stops at the first failure, so a
 * problem's CloudEvents arrive in order and none is skipped: after the back-off the endpoint gets
 * the same entry again. A receiver's refusal (4xx) is recorded and passed over. Each delivery is
 * marked at once; a crash in between sends that one CloudEvent again (receivers drop repeats by id).
 * An entry closes when every endpoint covering it has it; with none yet, it waits for one.
 */
@Injectable()
export class GridDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GridDispatcher');
  private readonly health = new Map<string, Mut<EndpointHealth>>();
  private running?: Promise<TickReport>;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GRID_LINK_OPTIONS) private readonly options: GridLinkOptions,
    @Inject(GRID_TRANSPORT) private readonly transport: GridTransport,
    private readonly endpoints: GridEndpoints,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.dispatchIntervalMs <= 0) return;
    this.timer = setInterval(
      () => void this.tick().catch((e) => this.logger.error(`dispatch failed: ${(e as Error).message}`)),
      this.options.dispatchIntervalMs,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  healthOf(endpointId: string): EndpointHealth {
    return this.health.get(endpointId) ?? { failures: 0, nextAttemptAt: 0, delivered: 0, refused: 0 };
  }

  /** One pass over the outbox; a pass already under way is joined, never run twice at once. */
  tick(): Promise<TickReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<TickReport> {
    const endpoints = await this.endpoints.all();
    const entries = await this.reads.find<OutboxDoc>(GRID_OUTBOX, { open: true }, { sort: { seq: 1, part: 1 } });
    const count = { delivered: 0, refused: 0, failed: 0, backingOff: 0 };
    for (const endpoint of endpoints) {
      const health = this.health.get(endpoint.id) ?? { failures: 0, nextAttemptAt: 0, delivered: 0, refused: 0 };
      this.health.set(endpoint.id, health);
      if (health.nextAttemptAt > this.clock.now().getTime()) {
        count.backingOff++;
        continue;
      }
      for (const [i, entry] of entries.entries()) {
        if (
          !isWithin(entry.communityCode, endpoint.jurisdiction) ||
          entry.deliveredTo.includes(endpoint.id) ||
          entry.refusedBy.includes(endpoint.id)
        )
          continue;
        const outcome: DeliveryOutcome = await this.transport
          .send(endpoint, entry.event)
          .catch((e: Error) => ({ kind: 'retry' as const, reason: e.message }));
        if (outcome.kind === 'retry') {
          health.failures++;
          health.nextAttemptAt =
            this.clock.now().getTime() +
            backoffDelay(health.failures, this.options.retryBaseMs, this.options.retryMaxMs);
          health.lastError = outcome.reason;
          count.failed++;
          this.logger.warn(
            `grid endpoint ${endpoint.id} (${endpoint.kind}) failed (${outcome.reason}); attempt ${health.failures}, next in ${health.nextAttemptAt - this.clock.now().getTime()} ms`,
          );
          break;
        }
        health.failures = 0;
        health.nextAttemptAt = 0;
        if (outcome.kind === 'refused') {
          health.refused++;
          count.refused++;
          this.logger.warn(
            `grid endpoint ${endpoint.id} refused ${entry.event.type} ${entry.event.id} (${outcome.reason}); passed over`,
          );
        } else {
          health.delivered++;
          count.delivered++;
        }
        entries[i] = await this.mark(
          entry,
          endpoint,
          outcome.kind === 'refused' ? 'refusedBy' : 'deliveredTo',
          endpoints,
        );
      }
    }
    return { ...count, open: entries.filter((e) => e.open).length };
  }

  /** Records a delivery (or refusal) and closes the entry once every covering endpoint is done. */
  private async mark(
    entry: OutboxDoc,
    endpoint: GridEndpoint,
    field: 'deliveredTo' | 'refusedBy',
    endpoints: readonly GridEndpoint[],
  ): Promise<OutboxDoc> {
    const next: Mut<OutboxDoc> = { ...entry, [field]: [...entry[field], endpoint.id] };
    next.open = endpoints.some(
      (e) =>
        isWithin(entry.communityCode, e.jurisdiction) &&
        !next.deliveredTo.includes(e.id) &&
        !next.refusedBy.includes(e.id),
    );
    await this.reads.commit(WRITER, [{ collection: GRID_OUTBOX, put: next, derived: true }], 0);
    return next;
  }
}
