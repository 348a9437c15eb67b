import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, EVIDENCE_LOOKUP, JURISDICTION_LOOKUP, platformEventCatalog, systemClock } from '@chuangwen/contracts';
import { EventStoreEvidenceLookup } from '@chuangwen/evidence';
import type { Clock } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import {
  eventStoreSource,
  PROJECTION_HOST,
  Projection,
  ProjectionHost,
  READ_YOUR_WRITES,
} from '@chuangwen/projections';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { EVIDENCE_STORE, EvidenceStore } from '@chuangwen/evidence-store';
import { FileEvidenceStore } from '@chuangwen/evidence-store/file';
import { JurisdictionRegistry } from '@chuangwen/jurisdictions';
import { HEALTH_CHECKS, HealthCheck, PLATFORM_MODE } from './health.controller';

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly projections: readonly Projection[];
  readonly clock?: Clock;
}

/**
 * The embedded default's infrastructure behind the ports: one SQLite file for events, one for
 * read models (with the projections' checkpoints), and the projections running in this process.
 */
@Global()
@Module({})
export class EmbeddedInfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PROJECTION_HOST) private readonly host: ProjectionHost,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(EVIDENCE_STORE) private readonly evidence: EvidenceStore,
  ) {}

  static forRoot(options: EmbeddedOptions): DynamicModule {
    mkdirSync(options.dataDir, { recursive: true });
    const clock = options.clock ?? systemClock;
    // The store stamps recordedAt with the platform's clock: as-of figures and tests agree on time.
    const events = new SqliteEventStore({ file: join(options.dataDir, 'events.db'), now: () => clock.now() });
    const reads = new SqliteReadStore(join(options.dataDir, 'read-models.db'));
    // Evidence files beside the databases: DATA_DIR/evidence/<2 hex>/<sha256>.
    const evidence = new FileEvidenceStore(join(options.dataDir, 'evidence'));
    const host = new ProjectionHost(options.projections, eventStoreSource(events), reads, {
      catalog: platformEventCatalog(),
      batchSize: 2000,
      deferIdleCheckpoints: true,
    });
    return {
      module: EmbeddedInfrastructureModule,
      providers: [
        { provide: EVENT_STORE, useValue: events },
        { provide: READ_STORE, useValue: reads },
        { provide: CLOCK, useValue: clock },
        { provide: PROJECTION_HOST, useValue: host },
        { provide: READ_YOUR_WRITES, useValue: host },
        {
          provide: JURISDICTION_LOOKUP,
          useFactory: (r: ReadStore) => new JurisdictionRegistry(r),
          inject: [READ_STORE],
        },
        { provide: EVIDENCE_LOOKUP, useValue: new EventStoreEvidenceLookup(events) },
        { provide: EVIDENCE_STORE, useValue: evidence },
        { provide: PLATFORM_MODE, useValue: { mode: 'embedded', services: ['all'] } },
        {
          provide: HEALTH_CHECKS,
          useValue: [
            { name: 'events', kind: 'sqlite', check: async () => ({ head: await events.headPosition() }) },
            {
              name: 'read-models',
              kind: 'sqlite',
              check: async () => ({ checkpoints: (await reads.checkpoint('jurisdictions')) >= -1 }),
            },
            { name: 'evidence', kind: 'files', check: () => evidence.health() },
          ] satisfies HealthCheck[],
        },
      ],
      exports: [
        EVENT_STORE,
        READ_STORE,
        CLOCK,
        PROJECTION_HOST,
        READ_YOUR_WRITES,
        JURISDICTION_LOOKUP,
        EVIDENCE_LOOKUP,
        EVIDENCE_STORE,
        PLATFORM_MODE,
        HEALTH_CHECKS,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.events.close();
    await this.reads.close();
    await this.evidence.close();
  }
}
