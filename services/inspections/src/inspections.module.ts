import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '@chuangwen/projections';
import { ExecuteInspectionsCommandHandler } from './application/execute-inspections-command';
import { FieldWorkQueries } from './application/field-work.queries';
import { InspectionsQueries } from './application/inspections.queries';
import { inspectionListsProjection } from './application/lists.projection';
import {
  INSPECTIONS_OPTIONS,
  InspectionsOptions,
  RectificationOverdueScheduler,
} from './application/overdue.scheduler';
import { rectificationCountsProjection } from './application/rectification-counts.projection';
import { inspectionStandardsProjection } from './application/standards.projection';
import { StandardsReader } from './application/standards.reader';
import { EscalationLadders } from './application/escalation-ladders';
import { RectificationEscalationScheduler } from './application/escalation.scheduler';
import { EscalationsController } from './http/escalations.controller';
import { InspectionsController } from './http/inspections.controller';
import { ProblemsController, RectificationsController } from './http/rectifications.controller';
import { IncidentsController, SurveysController } from './http/surveys-incidents.controller';

/** Default: look for overdue rectifications every ten minutes (deadlines are whole days). */
export const DEFAULT_INSPECTIONS_OPTIONS: InspectionsOptions = { overdueScanIntervalMs: 10 * 60_000 };

/**
 * The inspections bounded context: inspections, problems and rectifications, surveys, veto incidents.
 * Needs EVENT_STORE, READ_STORE, CLOCK, READ_YOUR_WRITES and JURISDICTION_LOOKUP from the composing
 * module; contributes its projections; runs the overdue scheduler.
 */
@Module({})
export class InspectionsModule {
  static readonly projections: readonly Projection[] = [
    inspectionListsProjection,
    rectificationCountsProjection,
    inspectionStandardsProjection,
  ];

  static forRoot(options: Partial<InspectionsOptions> = {}): DynamicModule {
    return {
      module: InspectionsModule,
      imports: [CqrsModule],
      controllers: [
        InspectionsController,
        ProblemsController,
        RectificationsController,
        SurveysController,
        IncidentsController,
        EscalationsController,
      ],
      providers: [
        ExecuteInspectionsCommandHandler,
        InspectionsQueries,
        FieldWorkQueries,
        StandardsReader,
        RectificationOverdueScheduler,
        EscalationLadders,
        RectificationEscalationScheduler,
        { provide: INSPECTIONS_OPTIONS, useValue: { ...DEFAULT_INSPECTIONS_OPTIONS, ...options } },
      ],
      exports: [RectificationOverdueScheduler, RectificationEscalationScheduler, EscalationLadders, InspectionsQueries],
    };
  }
}
