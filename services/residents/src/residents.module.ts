import { DynamicModule, Module } from '@nestjs/common';
import type { Projection } from '@chuangwen/projections';
import { ContactProtector } from './application/contact-protector';
import { Open311Reads } from './application/open311-reads';
import { DEFAULT_RESIDENTS_OPTIONS, RESIDENTS_OPTIONS, ResidentsOptions } from './application/options';
import { ReportLimiter } from './application/report-limiter';
import { residentReportsProjection } from './application/reports.projection';
import { ResidentReports } from './application/resident-reports';
import { Open311Controller } from './http/open311.controller';
import { ReportPageController } from './http/report-page.controller';
import { ResidentsController } from './http/residents.controller';

/**
 * Residents' reports (随手拍, Open311 GeoReport v2 clients such as a 12345 platform): reports in,
 * accepted (立案) into inspections' problems, followed back out. Needs EVENT_STORE, READ_STORE, CLOCK,
 * READ_YOUR_WRITES and JURISDICTION_LOOKUP.
 */
@Module({})
export class ResidentsModule {
  static readonly projections: readonly Projection[] = [residentReportsProjection];

  static forRoot(options: Partial<ResidentsOptions> = {}): DynamicModule {
    return {
      module: ResidentsModule,
      controllers: [Open311Controller, ResidentsController, ReportPageController],
      providers: [
        { provide: RESIDENTS_OPTIONS, useValue: { ...DEFAULT_RESIDENTS_OPTIONS, ...options } },
        ContactProtector,
        ReportLimiter,
        ResidentReports,
        Open311Reads,
      ],
      exports: [ResidentReports],
    };
  }
}
