import { Module } from '@nestjs/common';
import type { Projection } from '@chuangwen/projections';
import { activityTalliesProjection } from './activity-tallies/activity-tallies.projection';
import { ActivityTalliesQuery } from './activity-tallies/activity-tallies.query';
import { ScoresController } from './http/scores.controller';

/**
 * The scoring context: projections from every service's events into figures per jurisdiction,
 * and the queries over them. Needs READ_STORE, CLOCK and JURISDICTION_LOOKUP.
 */
@Module({
  controllers: [ScoresController],
  providers: [ActivityTalliesQuery],
  exports: [ActivityTalliesQuery],
})
export class ScoringModule {
  static readonly projections: readonly Projection[] = [activityTalliesProjection];
}
