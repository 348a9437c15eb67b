import { EventCatalog } from './catalog';
import { ACTIVITY_EVENT_SPECS } from './activities/catalog';
import { JURISDICTION_EVENT_SPECS } from './jurisdictions/catalog';

/** The catalog of every event the platform appends; each bounded context contributes its specs. */
export const platformEventCatalog = (): EventCatalog => new EventCatalog([...ACTIVITY_EVENT_SPECS, ...JURISDICTION_EVENT_SPECS]);
