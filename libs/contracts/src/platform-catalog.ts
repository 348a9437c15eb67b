import { EventCatalog } from './catalog';
import { ACTIVITY_EVENT_SPECS } from './activities/catalog';
import { INSPECTION_EVENT_SPECS } from './inspections/catalog';
import { JURISDICTION_EVENT_SPECS } from './jurisdictions/catalog';
import { STANDARD_EVENT_SPECS } from './standards/catalog';

/** The catalog of every event the platform appends; each bounded context contributes its specs. */
export const platformEventCatalog = (): EventCatalog =>
  new EventCatalog([...ACTIVITY_EVENT_SPECS, ...JURISDICTION_EVENT_SPECS, ...STANDARD_EVENT_SPECS, ...INSPECTION_EVENT_SPECS]);
