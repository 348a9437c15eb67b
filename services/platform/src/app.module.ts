import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Clock } from '@chuangwen/contracts';
import { AuthModule } from '@chuangwen/auth';
import { DomainErrorFilter } from '@chuangwen/http';
import { ActivitiesModule } from '@chuangwen/activities';
import { EvaluationCalendarModule, ScoringModule } from '@chuangwen/scoring';
import { VolunteersModule } from '@chuangwen/volunteers';
import { AwardsModule } from '@chuangwen/awards';
import { InspectionsModule } from '@chuangwen/inspections';
import { GridLinkModule } from '@chuangwen/grid-link';
import { DashboardModule } from '@chuangwen/dashboard';
import { FieldAppModule } from '@chuangwen/field-app';
import { AnalyticsModule } from '@chuangwen/analytics';
import { ResidentsModule } from '@chuangwen/residents';
import { ReportsModule } from '@chuangwen/reports';
import { EvidenceModule } from '@chuangwen/evidence';
import { NotificationsModule } from '@chuangwen/notifications';
import { HealthController } from './health.controller';
import { EmbeddedInfrastructureModule } from './infrastructure.module';
import { JurisdictionsModule } from '@chuangwen/jurisdictions-service';
import { allProjections } from './projections';
import {
  gridLinkOptions,
  authOptions,
  evidenceOptions,
  idHashSecret,
  PlatformSettings,
  residentsOptions,
} from './settings';

/** The embedded default: every bounded context in one process on one data folder. */
@Module({})
export class PlatformModule {
  static forRoot(settings: PlatformSettings, overrides: { clock?: Clock } = {}): DynamicModule {
    // One evidence module, imported here and by residents (their photos go through it).
    const evidence = EvidenceModule.forRoot(evidenceOptions(settings));
    return {
      module: PlatformModule,
      imports: [
        EmbeddedInfrastructureModule.forRoot({
          dataDir: settings.DATA_DIR,
          clock: overrides.clock,
          projections: allProjections(),
        }),
        AuthModule.forRoot(authOptions(settings)),
        JurisdictionsModule,
        ActivitiesModule,
        ScoringModule,
        EvaluationCalendarModule.forRoot({ checkIntervalMs: settings.EVALUATION_DAY_CHECK_MS }),
        VolunteersModule.forRoot({ identityKey: idHashSecret(settings) }),
        AwardsModule,
        InspectionsModule.forRoot({
          overdueScanIntervalMs: settings.OVERDUE_SCAN_INTERVAL_MS,
          escalationScanIntervalMs: settings.ESCALATION_SCAN_INTERVAL_MS,
        }),
        NotificationsModule.forRoot({ dispatchIntervalMs: settings.NOTIFICATION_DISPATCH_INTERVAL_MS }),
        GridLinkModule.forRoot(gridLinkOptions(settings)),
        ResidentsModule.forRoot(residentsOptions(settings), evidence),
        evidence,
        DashboardModule,
        FieldAppModule,
        AnalyticsModule,
        ReportsModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
