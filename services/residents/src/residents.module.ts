import { DynamicModule, Module } from '@nestjs/common';
import type { Projection } from '@chuangwen/projections';
import { ContactProtector } from './application/contact-protector';
import { Open311Reads } from './application/open311-reads';
import { DEFAULT_RESIDENTS_OPTIONS, RESIDENTS_OPTIONS, ResidentsOptions } from './application/options';
import { ResidentPhotos } from './application/photos';
import { ReportLimiter } from './application/report-limiter';
import { residentReportsProjection } from './application/reports.projection';
import { ResidentReports } from './application/resident-reports';
import { Open311Controller } from './http/open311.controller';
import { ResidentPhotosController } from './http/photos.controller';
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

  /**
   * `evidence`: the composition's evidence module (`EvidenceModule.forRoot(store)`); with it residents
   * attach photos (the public page, Open311's multipart `media`) through its service and store port.
   */
  static forRoot(options: Partial<ResidentsOptions> = {}, evidence?: DynamicModule): DynamicModule {
    return {
      module: ResidentsModule,
      imports: evidence ? [evidence] : [],
      controllers: [
        Open311Controller,
        ResidentsController,
        ReportPageController,
        ...(evidence ? [ResidentPhotosController] : []),
      ],
      providers: [
        { provide: RESIDENTS_OPTIONS, useValue: { ...DEFAULT_RESIDENTS_OPTIONS, ...options } },
        ContactProtector,
        ReportLimiter,
        ResidentReports,
        Open311Reads,
        ResidentPhotos,
      ],
      exports: [ResidentReports],
    };
  }
}
