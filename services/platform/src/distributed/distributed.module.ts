import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ActivitiesModule, activityListProjection } from '@chuangwen/activities';
import { AuthModule } from '@chuangwen/auth';
import { DomainErrorFilter } from '@chuangwen/http';
import { registryProjection } from '@chuangwen/jurisdictions';
import type { Projection } from '@chuangwen/projections';
import { EvaluationCalendarModule, ScoringModule } from '@chuangwen/scoring';
import { InspectionsModule } from '@chuangwen/inspections';
import { VolunteersModule } from '@chuangwen/volunteers';
import { AwardsModule } from '@chuangwen/awards';
import { GridLinkModule } from '@chuangwen/grid-link';
import { ResidentsModule } from '@chuangwen/residents';
import { DashboardModule } from '@chuangwen/dashboard';
import { FieldAppModule } from '@chuangwen/field-app';
import { AnalyticsModule } from '@chuangwen/analytics';
import { EvidenceModule } from '@chuangwen/evidence';
import { NotificationsModule } from '@chuangwen/notifications';
import { ReportsModule } from '@chuangwen/reports';
import { HealthController } from '../health.controller';
import { JurisdictionsModule } from '@chuangwen/jurisdictions-service';
import {
  gridLinkOptions,
  authOptions,
  evidenceOptions,
  idHashSecret,
  PlatformSettings,
  residentsOptions,
} from '../settings';
import { DistributedInfrastructureModule } from './distributed-infrastructure.module';
import { DistributedSettings, ServiceName } from './distributed.settings';

/**
 * The read models each service keeps for itself, each once however many services of the process read it
 * (`scoring,reports`, `awards,reports`: one consumer group, one set of documents). Every service with
 * read models keeps the registry too, first, to check codes.
 */
export function projectionsOf(services: readonly ServiceName[]): Projection[] {
  const has = (s: ServiceName) => services.includes(s);
  const out: Projection[] = [];
  if (has('activities')) out.push(activityListProjection);
  if (has('scoring')) out.push(...ScoringModule.projections());
  if (has('inspections')) out.push(...InspectionsModule.projections, ...NotificationsModule.projections);
  if (has('volunteers')) out.push(...VolunteersModule.projections);
  // Awards reads scores for eligibility: it keeps them itself, unless a scoring service beside it does.
  if (has('awards')) out.push(...AwardsModule.projections, ...ScoringModule.projections());
  if (has('grid')) out.push(...GridLinkModule.projections);
  if (has('residents')) out.push(...ResidentsModule.projections);
  // Reports read every figure through ScoringQueries and the others' tables through their queries: their
  // read models, not the awards' removal process (it acts, and runs where the awards' commands do).
  if (has('reports'))
    out.push(
      ...ScoringModule.projections(),
      ...InspectionsModule.projections,
      ...VolunteersModule.projections,
      ...AwardsModule.readModels,
    );
  if (out.length === 0) return [];
  const byName = new Map<string, Projection>();
  for (const p of [registryProjection, ...out]) if (!byName.has(p.name)) byName.set(p.name, p);
  return [...byName.values()];
}

/** One process of the distributed mode, running the services listed in SERVICES. */
@Module({})
export class DistributedPlatformModule {
  static forRoot(
    settings: PlatformSettings,
    distributed: DistributedSettings,
    services: readonly ServiceName[],
  ): DynamicModule {
    // Evidence is field work of the inspections service: its files in GridFS on the service's database.
    // One module, imported here and by residents beside it (their photos go through it), as embedded.
    const evidence = services.includes('inspections') ? EvidenceModule.forRoot(evidenceOptions(settings)) : undefined;
    return {
      module: DistributedPlatformModule,
      imports: [
        DistributedInfrastructureModule.forRoot(distributed, services, projectionsOf(services)),
        AuthModule.forRoot(authOptions(settings)),
        JurisdictionsModule,
        ...(services.includes('activities') ? [ActivitiesModule] : []),
        // The dashboard and the exports read scores: the scoring process serves them.
        ...(services.includes('scoring')
          ? [
              ScoringModule,
              EvaluationCalendarModule.forRoot({ checkIntervalMs: settings.EVALUATION_DAY_CHECK_MS }),
              DashboardModule,
              FieldAppModule,
              AnalyticsModule,
            ]
          : []),
        ...(services.includes('inspections')
          ? [
              InspectionsModule.forRoot({
                overdueScanIntervalMs: settings.OVERDUE_SCAN_INTERVAL_MS,
                escalationScanIntervalMs: settings.ESCALATION_SCAN_INTERVAL_MS,
              }),
              // Notifications follow rectification work: this process keeps the inbox and delivers the webhooks.
              NotificationsModule.forRoot({ dispatchIntervalMs: settings.NOTIFICATION_DISPATCH_INTERVAL_MS }),
            ]
          : []),
        ...(evidence ? [evidence] : []),
        ...(services.includes('volunteers') ? [VolunteersModule.forRoot({ identityKey: idHashSecret(settings) })] : []),
        ...(services.includes('awards') ? [AwardsModule] : []),
        // The office's reports: controllers and queries only (they write nothing), over the read models above.
        ...(services.includes('reports') ? [ReportsModule] : []),
        // The grid link records problems through the problem decider: no inspections process needed.
        // Residents' reports accept into problems through the problem decider too; photos need evidence.
        ...(services.includes('residents') ? [ResidentsModule.forRoot(residentsOptions(settings), evidence)] : []),
        ...(services.includes('grid')
          ? [
              GridLinkModule.forRoot(
                gridLinkOptions(settings, {
                  topicPrefix: distributed.KAFKA_TOPIC_PREFIX,
                  groupPrefix: distributed.KAFKA_GROUP_PREFIX,
                }),
              ),
            ]
          : []),
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
