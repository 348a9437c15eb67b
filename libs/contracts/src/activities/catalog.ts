import type { EventTypeSpec } from '../catalog';

export const ACTIVITY_EVENT_SPECS: readonly EventTypeSpec[] = [
  {
    type: 'ActivityPlanned',
    context: 'activities',
    currentVersion: 1,
    description: 'An activity was put on a community calendar.',
  },
  {
    type: 'ActivityHeld',
    context: 'activities',
    currentVersion: 1,
    description: 'An activity took place, with its participants; counted by scoring.',
  },
  {
    type: 'ActivityCancelled',
    context: 'activities',
    currentVersion: 1,
    description: 'A planned activity was called off.',
  },
  {
    type: 'ActivityEvidenceAttached',
    context: 'activities',
    currentVersion: 1,
    description: 'Evidence references were attached to an activity.',
  },
];
