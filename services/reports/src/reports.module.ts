import { Module } from '@nestjs/common';
import { AwardsQueries } from '@chuangwen/awards';
import { InspectionsQueries } from '@chuangwen/inspections';
import { ScoringQueries } from '@chuangwen/scoring';
import { VolunteerQueries } from '@chuangwen/volunteers';
import { ReportsQueries, TITLE_HOLDERS, TitleHolders } from './application/reports.queries';
import { ReportsController } from './http/reports.controller';
import { XlsxController } from './http/xlsx.controller';

/**
 * Community titles (文明社区) held on a day under a node, from the awards registry: conferred by then and not
 * removed by then (a title removed later still counts for an earlier day), those a failed re-inspection would remove.
 */
const titleHolders = (awards: AwardsQueries): TitleHolders => ({
  holders: async (code, day) =>
    new Set(
      (await awards.titles(code, true))
        .filter(
          (t) =>
            t.kind === 'civilized_community' &&
            !!t.conferredOn &&
            t.conferredOn <= day &&
            !(t.removal && t.removal.on <= day),
        )
        .map((t) => t.communityCode),
    ),
});

/**
 * The office's reports: every dashboard table as Excel, the monthly bulletin (HTML, PDF), trends and
 * early warning. It owns no events and no projection: it reads the other contexts' read models
 * through their queries — scores only through ScoringQueries (the one fold and evaluation) — and
 * the inspections events from the store. Needs EVENT_STORE, READ_STORE, CLOCK and
 * JURISDICTION_LOOKUP, and the scoring, inspections, volunteers and awards projections in the
 * same process: the embedded platform, or the distributed `reports` service, which keeps them itself.
 */
@Module({
  controllers: [ReportsController, XlsxController],
  providers: [
    ScoringQueries,
    InspectionsQueries,
    VolunteerQueries,
    AwardsQueries,
    ReportsQueries,
    ReportsController,
    { provide: TITLE_HOLDERS, useFactory: titleHolders, inject: [AwardsQueries] },
  ],
  exports: [ReportsQueries],
})
export class ReportsModule {}
