import type { EventTypeSpec } from '../catalog';

export const STANDARD_EVENT_SPECS: readonly EventTypeSpec[] = [
  { type: 'StandardPublished', context: 'standards', currentVersion: 1, description: 'A version of an evaluation standard was published.' },
];
