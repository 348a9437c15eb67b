import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import type { Projection } from '@chuangwen/projections';
import { activityTalliesProjection } from './activity-tallies/activity-tallies.projection';
import { ActivityTalliesQuery } from './activity-tallies/activity-tallies.query';
import { ScoreStreamController } from './http/score-stream.controller';
import { ScoresController } from './http/scores.controller';
import { scoringProjection } from './scorecards/scoring.projection';
import { ScoringQueries } from './scorecards/scoring.queries';
import { StandardsController } from './standards/http/standards.controller';
import { publishShippedStandards } from './standards/shipped-standards';
import { EvaluationDayScheduler } from './calendar/evaluation-day.scheduler';

/**
 * The scoring context: standards (published as events), projections from every service's events
 * into scorecards and roll-ups, and the queries over them. Needs EVENT_STORE, READ_STORE, CLOCK,
 * JURISDICTION_LOOKUP, PROJECTION_HOST and READ_YOUR_WRITES.
 */
@Module({
  controllers: [ScoresController, StandardsController, ScoreStreamController],
  providers: [ActivityTalliesQuery, ScoringQueries, EvaluationDayScheduler],
  exports: [ActivityTalliesQuery, ScoringQueries, EvaluationDayScheduler],
})
export class ScoringModule implements OnApplicationBootstrap {
  static projections(): Projection[] {
    return [activityTalliesProjection, scoringProjection()];
  }

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationBootstrap(): Promise<void> {
    await publishShippedStandards(this.store);
  }
}
