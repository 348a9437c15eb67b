import type { Projection } from '@chuangwen/projections';
import { ActivitiesModule } from '@chuangwen/activities';
import { ScoringModule } from '@chuangwen/scoring';
import { VolunteersModule } from '@chuangwen/volunteers';
import { AwardsModule } from '@chuangwen/awards';
import { InspectionsModule } from '@chuangwen/inspections';
import { GridLinkModule } from '@chuangwen/grid-link';
import { ResidentsModule } from '@chuangwen/residents';
import { NotificationsModule } from '@chuangwen/notifications';
import { JurisdictionsModule } from '@chuangwen/jurisdictions-service';

/** Every projection the embedded default runs, in the order they start. */
export const allProjections = (): Projection[] => [
  ...JurisdictionsModule.projections,
  ...ActivitiesModule.projections,
  ...ScoringModule.projections(),
  ...InspectionsModule.projections,
  ...GridLinkModule.projections,
  ...ResidentsModule.projections,
  ...NotificationsModule.projections,
  ...VolunteersModule.projections,
  ...AwardsModule.projections,
];
