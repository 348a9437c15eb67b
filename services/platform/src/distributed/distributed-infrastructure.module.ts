import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, EVIDENCE_LOOKUP, JURISDICTION_LOOKUP, platformEventCatalog, systemClock } from '@chuangwen/contracts';
import { EventStoreEvidenceLookup } from '@chuangwen/evidence';
import { EVIDENCE_STORE } from '@chuangwen/evidence-store';
import type { EvidenceStore } from '@chuangwen/evidence-store';
import { GridFsEvidenceStore } from '@chuangwen/evidence-store/gridfs';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { JurisdictionRegistry } from '@chuangwen/jurisdictions';
import { busEventSource, EventRelay, MESSAGE_BUS, readStoreCheckpoint, topicOf } from '@chuangwen/messaging';
import { KafkaBus } from '@chuangwen/messaging/kafka';
import type { EventContext } from '@chuangwen/messaging';
import { PROJECTION_HOST, Projection, ProjectionHost, READ_YOUR_WRITES } from '@chuangwen/projections';
import { READ_STORE, ReadStore, ReadStoreLease } from '@chuangwen/read-store';
import { MongoReadStore } from '@chuangwen/read-store/mongo';
import { HEALTH_CHECKS, HealthCheck, PLATFORM_MODE } from '../health.controller';
import { DistributedSettings, ServiceName } from './distributed.settings';
import { openEventStore } from './event-store-factory';

const catalog = platformEventCatalog();

/** The topics a projection must consume: the contexts of the event types it handles. */
export function topicsFor(projection: Projection, prefix?: string): string[] {
  const contexts = new Set<EventContext>();
  for (const type of projection.handles) {
    const spec = catalog.get(type);
    if (spec) contexts.add(spec.context);
  }
  return [...contexts].sort().map((c) => topicOf(c, prefix));
}

interface Running {
  events: EventStore;
  reads: ReadStore;
  bus: KafkaBus;
  host: ProjectionHost;
  relay?: EventRelay;
  evidence?: EvidenceStore;
}

/**
 * A process of the distributed mode: the event store (EventStoreDB, or a SQLite file shared on one
 * host), MongoDB read models, Kafka between services. Its projections consume their topics, one
 * consumer group each (the group's offsets are the checkpoint); `relay` publishes the store's log.
 */
@Global()
@Module({})
export class DistributedInfrastructureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private static running?: Running;

  constructor(@Inject(PROJECTION_HOST) private readonly host: ProjectionHost) {}

  static forRoot(
    settings: DistributedSettings,
    services: readonly ServiceName[],
    projections: readonly Projection[],
  ): DynamicModule {
    const events = openEventStore(settings);
    const reads = new MongoReadStore(settings.MONGO_URL);
    const bus = new KafkaBus({
      brokers: settings.KAFKA_BROKERS,
      clientId: `${settings.KAFKA_CLIENT_ID}-${services.join('+')}`,
    });
    const group = (p: Projection) => `${settings.KAFKA_GROUP_PREFIX}.${services.join('+')}.${p.name}`;
    const prefix = settings.KAFKA_TOPIC_PREFIX;
    const host = new ProjectionHost(
      projections,
      (p) =>
        busEventSource({
          bus,
          groupId: group(p),
          topics: topicsFor(p, prefix),
          deadLetterTopic: `${prefix}dead-letter`,
        }),
      reads,
      // A unit of work on the bus holds up to this many events across the partitions waiting.
      { catalog, batchSize: 20_000 },
    );
    // Relays of one store share its read store: the lease beside the checkpoint lets one publish at a time.
    const relay = services.includes('relay')
      ? new EventRelay({
          store: events,
          bus,
          checkpoint: readStoreCheckpoint(reads),
          topicPrefix: prefix,
          lease: new ReadStoreLease(reads),
        })
      : undefined;
    // Evidence files are the inspections service's: GridFS in its own database.
    const evidence = services.includes('inspections') ? new GridFsEvidenceStore(settings.MONGO_URL) : undefined;
    DistributedInfrastructureModule.running = { events, reads, bus, host, relay, evidence };
    const checks: HealthCheck[] = [
      { name: 'events', kind: settings.EVENT_STORE, check: async () => ({ head: await events.headPosition() }) },
      {
        name: 'read-models',
        kind: 'mongodb',
        check: async () => ({ registry: await reads.count('jurisdictions', { level: 'province' }) }),
      },
      {
        name: 'bus',
        kind: 'kafka',
        check: async () => ({ brokers: settings.KAFKA_BROKERS, topics: (await bus.topics()).length }),
      },
      ...(relay ? [{ name: 'relay', kind: 'relay', check: async () => relay.status() }] : []),
      ...(evidence ? [{ name: 'evidence', kind: 'gridfs', check: () => evidence.health() }] : []),
    ];
    return {
      module: DistributedInfrastructureModule,
      providers: [
        { provide: EVENT_STORE, useValue: events },
        { provide: READ_STORE, useValue: reads },
        { provide: CLOCK, useValue: systemClock },
        { provide: PROJECTION_HOST, useValue: host },
        { provide: MESSAGE_BUS, useValue: bus },
        // Across processes a command cannot wait for another service's projections.
        { provide: READ_YOUR_WRITES, useValue: { waitFor: async () => undefined } },
        {
          provide: JURISDICTION_LOOKUP,
          useFactory: (r: ReadStore) => new JurisdictionRegistry(r),
          inject: [READ_STORE],
        },
        { provide: EVIDENCE_LOOKUP, useValue: new EventStoreEvidenceLookup(events) },
        ...(evidence ? [{ provide: EVIDENCE_STORE, useValue: evidence }] : []),
        { provide: PLATFORM_MODE, useValue: { mode: 'distributed', services } },
        { provide: HEALTH_CHECKS, useValue: checks },
      ],
      exports: [
        EVENT_STORE,
        READ_STORE,
        CLOCK,
        PROJECTION_HOST,
        MESSAGE_BUS,
        READ_YOUR_WRITES,
        JURISDICTION_LOOKUP,
        EVIDENCE_LOOKUP,
        ...(evidence ? [EVIDENCE_STORE] : []),
        PLATFORM_MODE,
        HEALTH_CHECKS,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start();
    await DistributedInfrastructureModule.running?.relay?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    const r = DistributedInfrastructureModule.running;
    await r?.relay?.stop();
    await this.host.stop();
    await r?.bus.close();
    await r?.events.close();
    await r?.reads.close();
    await r?.evidence?.close();
  }
}
