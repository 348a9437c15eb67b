import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, isWithin } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { READ_STORE, ReadStore, ReadStoreLease } from '@chuangwen/read-store';
import { OutboxDelivery, PassLoop, PassReport, RecipientHealth } from '@chuangwen/webhooks';
import { GridEndpoint, GridEndpoints } from './endpoints';
import { GRID_LINK_OPTIONS, GridLinkOptions } from './options';
import { GRID_OUTBOX, OutboxDoc } from './outbox.projection';
import { GRID_TRANSPORT, GridTransport } from './transport';

/** Name under which the dispatcher commits its delivery marks, and of its duty among replicas. */
const WRITER = 'grid-link.dispatcher';
/** A replica that holds the duty and stops renewing it (killed) is taken over after this long. */
const DUTY_TTL_MS = 10_000;

export type EndpointHealth = RecipientHealth;
export type TickReport = PassReport;

/**
 * Delivers the outbox, at least once, to every endpoint whose jurisdiction covers the problem, in
 * order per endpoint (`OutboxDelivery`). An entry closes when every endpoint covering it has it; with
 * none yet, it waits for one. Where several replicas share the read store, one at a time delivers (a
 * lease): two walking the outbox side by side would send each CloudEvent twice.
 */
@Injectable()
export class GridDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GridDispatcher');
  private readonly delivery: OutboxDelivery<GridEndpoint, OutboxDoc>;
  private readonly loop: PassLoop<TickReport>;
  /** Absent when this process alone writes the store (embedded): nobody to share the duty with. */
  private readonly duty?: ReadStoreLease;

  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(GRID_LINK_OPTIONS) options: GridLinkOptions,
    @Inject(GRID_TRANSPORT) transport: GridTransport,
    private readonly endpoints: GridEndpoints,
  ) {
    this.delivery = new OutboxDelivery<GridEndpoint, OutboxDoc>(
      {
        covers: (endpoint, entry) => isWithin(entry.communityCode, endpoint.jurisdiction),
        send: (endpoint, entry) => transport.send(endpoint, entry.event),
        save: (entry) => reads.commit(WRITER, [{ collection: GRID_OUTBOX, put: entry, derived: true }], 0),
        describe: (endpoint, entry) =>
          `grid endpoint ${endpoint.id} (${endpoint.kind})${entry ? ` on ${entry.event.type} ${entry.event.id}` : ''}`,
        uncovered: 'wait',
      },
      {
        retryBaseMs: options.retryBaseMs,
        retryMaxMs: options.retryMaxMs,
        now: () => clock.now().getTime(),
        warn: (m) => this.logger.warn(m),
      },
    );
    this.loop = new PassLoop(
      options.dispatchIntervalMs,
      () => this.pass(),
      (e) => this.logger.error(`dispatch failed: ${e.message}`),
    );
    if (!reads.exclusive) this.duty = new ReadStoreLease(reads, { name: WRITER, ttlMs: DUTY_TTL_MS });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.duty?.release().catch(() => undefined);
  }

  healthOf(endpointId: string): EndpointHealth {
    return this.delivery.healthOf(endpointId);
  }

  /** One pass over the outbox; a pass already under way is joined, never run twice at once. */
  tick(): Promise<TickReport> {
    return this.loop.tick();
  }

  private async pass(): Promise<TickReport> {
    return this.delivery.pass(
      async () => ({
        recipients: await this.endpoints.all(),
        entries: await this.reads.find<OutboxDoc>(GRID_OUTBOX, { open: true }, { sort: { seq: 1, part: 1 } }),
      }),
      this.duty,
    );
  }
}
