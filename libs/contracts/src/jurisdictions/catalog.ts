import type { EventTypeSpec } from '../catalog';

export const JURISDICTION_EVENT_SPECS: readonly EventTypeSpec[] = [
  { type: 'JurisdictionRegistered', context: 'jurisdictions', currentVersion: 1, description: 'A node of the national division tree (province … committee) was put into the registry.' },
  { type: 'CommunityProfileUpdated', context: 'jurisdictions', currentVersion: 1, description: "A community's profile (resident population, estate kind, ad counts…) was set." },
];
