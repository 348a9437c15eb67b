import type { EventTypeSpec } from '../catalog';

export const RESIDENT_EVENT_SPECS: readonly EventTypeSpec[] = [
  {
    type: 'ResidentReportSubmitted',
    context: 'residents',
    currentVersion: 1,
    description: 'A resident reported a problem (public page or an Open311 client); it counts nowhere until accepted.',
  },
  {
    type: 'ResidentReportAccepted',
    context: 'residents',
    currentVersion: 1,
    description: 'An office or street accepted (立案) a resident’s report: it became a problem in inspections.',
  },
  {
    type: 'ResidentReportRejected',
    context: 'residents',
    currentVersion: 1,
    description: 'An office or street did not accept a resident’s report, with the reason.',
  },
  {
    type: 'ResidentReportReopened',
    context: 'residents',
    currentVersion: 1,
    description: 'The reporter reopened a report closed as rectified: it awaits acceptance again.',
  },
  {
    type: 'Open311KeyIssued',
    context: 'residents',
    currentVersion: 1,
    description: 'An office issued an Open311 api_key for a client system of its jurisdiction (hash only).',
  },
  {
    type: 'Open311KeyRevoked',
    context: 'residents',
    currentVersion: 1,
    description: 'An office revoked an Open311 api_key.',
  },
];
