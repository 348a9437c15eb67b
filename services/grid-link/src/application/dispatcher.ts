import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, isWithin } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { READ_STORE, ReadStore, replicaLease } from '@chuangwen/read-store';
import { OutboxDispatcher, PassReport, RecipientHealth } from '@chuangwen/webhooks';
import { GridEndpoint, GridEndpoints } from './endpoints';
import { GRID_LINK_OPTIONS, GridLinkOptions } from './options';
import { GRID_OUTBOX, OutboxDoc } from './outbox.projection';
import { GRID_TRANSPORT, GridTransport } from './transport';

/** Name under which the dispatcher commits its delivery marks, and of its duty among replicas. */
const WRITER = 'grid-link.dispatcher';

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
  private readonly dispatcher: OutboxDispatcher<GridEndpoint, OutboxDoc>;

  constructor(
    @Inject(READ_STORE) reads: ReadStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(GRID_LINK_OPTIONS) options: GridLinkOptions,
    @Inject(GRID_TRANSPORT) transport: GridTransport,
    endpoints: GridEndpoints,
  ) {
    this.dispatcher = new OutboxDispatcher<GridEndpoint, OutboxDoc>(
      {
        load: async () => ({
          recipients: await endpoints.all(),
          entries: await reads.find<OutboxDoc>(GRID_OUTBOX, { open: true }, { sort: { seq: 1, part: 1 } }),
        }),
        covers: (endpoint, entry) => isWithin(entry.communityCode, endpoint.jurisdiction),
        send: (endpoint, entry) => transport.send(endpoint, entry.event),
        save: (entry) => reads.commit(WRITER, [{ collection: GRID_OUTBOX, put: entry, derived: true }], 0),
        describe: (endpoint, entry) =>
          `grid endpoint ${endpoint.id} (${endpoint.kind})${entry ? ` on ${entry.event.type} ${entry.event.id}` : ''}`,
        uncovered: 'wait',
      },
      {
        intervalMs: options.dispatchIntervalMs,
        retryBaseMs: options.retryBaseMs,
        retryMaxMs: options.retryMaxMs,
        now: () => clock.now().getTime(),
        log: this.logger,
        lease: replicaLease(reads, WRITER),
      },
    );
  }

  onApplicationBootstrap(): void {
    this.dispatcher.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.dispatcher.stop();
  }

  healthOf(endpointId: string): EndpointHealth {
    return this.dispatcher.healthOf(endpointId);
  }

  /** One pass over the outbox; a pass already under way is joined, never run twice at once. */
  tick(): Promise<TickReport> {
    return this.dispatcher.tick();
  }
}
