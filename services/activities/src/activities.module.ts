import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '@chuangwen/projections';
import { activityListProjection } from './application/activity-list.projection';
import { ExecuteActivityCommandHandler } from './application/execute-activity-command';
import { ListActivitiesHandler } from './application/list-activities.query';
import { ActivitiesController } from './http/activities.controller';

/**
 * The activities bounded context. Needs EVENT_STORE, READ_STORE, CLOCK, READ_YOUR_WRITES and
 * JURISDICTION_LOOKUP from the composing module; contributes its read-model projections.
 */
@Module({
  imports: [CqrsModule],
  controllers: [ActivitiesController],
  providers: [ExecuteActivityCommandHandler, ListActivitiesHandler],
})
export class ActivitiesModule {
  static readonly projections: readonly Projection[] = [activityListProjection];
}
