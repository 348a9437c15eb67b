import { EventCatalog } from './catalog';
import { ACTIVITY_EVENT_SPECS } from './activities/catalog';
import { INSPECTION_EVENT_SPECS } from './inspections/catalog';
import { JURISDICTION_EVENT_SPECS } from './jurisdictions/catalog';
import { STANDARD_EVENT_SPECS } from './standards/catalog';
import { VOLUNTEER_EVENT_SPECS } from './volunteers/catalog';
import { AWARD_EVENT_SPECS } from './awards/catalog';
import { GRID_EVENT_SPECS } from './grid/catalog';
import { RESIDENT_EVENT_SPECS } from './residents/catalog';
import { EVIDENCE_EVENT_SPECS } from './evidence/catalog';

/** The catalog of every event the platform appends; each bounded context contributes its specs. */
export const platformEventCatalog = (): EventCatalog =>
  new EventCatalog([
    ...ACTIVITY_EVENT_SPECS,
    ...JURISDICTION_EVENT_SPECS,
    ...STANDARD_EVENT_SPECS,
    ...INSPECTION_EVENT_SPECS,
    ...VOLUNTEER_EVENT_SPECS,
    ...AWARD_EVENT_SPECS,
    ...GRID_EVENT_SPECS,
    ...RESIDENT_EVENT_SPECS,
    ...EVIDENCE_EVENT_SPECS,
  ]);
