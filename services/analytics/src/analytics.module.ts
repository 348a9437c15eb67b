import { Module } from '@nestjs/common';
import { ScoringModule } from '@chuangwen/scoring';
import { ExportsController } from './http/exports.controller';

/**
 * What analytics teams take out: raw events (NDJSON, CSV) and score snapshots (CSV), streamed.
 * Needs EVENT_STORE and READ_STORE from the composing module, and the scoring read models.
 */
@Module({
  imports: [ScoringModule],
  controllers: [ExportsController],
})
export class AnalyticsModule {}
