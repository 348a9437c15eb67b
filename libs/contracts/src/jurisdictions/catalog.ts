import type { EventTypeSpec } from '../catalog';

export const JURISDICTION_EVENT_SPECS: readonly EventTypeSpec[] = [
  {
    type: 'JurisdictionRegistered',
    context: 'jurisdictions',
    currentVersion: 1,
    description: 'A node of the national division tree (province … committee) was put into the registry.',
  },
  {
    type: 'CommunityLocationSet',
    context: 'jurisdictions',
    currentVersion: 1,
    description: "A community's centre point (WGS-84) was set by an office; evidence far from it is flagged.",
  },
  {
    type: 'CommunityProfileUpdated',
    context: 'jurisdictions',
    currentVersion: 1,
    description: "A community's profile (resident population, estate kind, ad counts…) was set.",
  },
];
