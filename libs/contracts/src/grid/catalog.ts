import type { EventTypeSpec } from '../catalog';

/**
 * GridProblemReceived belongs to the problem's stream, which the inspections context owns: it is on
 * the inspections topic so a consumer sees it in order with the problem's rectification events.
 */
export const GRID_EVENT_SPECS: readonly EventTypeSpec[] = [
  {
    type: 'GridProblemReceived',
    context: 'inspections',
    currentVersion: 1,
    description: 'The grid-management platform reported a problem: its event id, grid cell and class.',
  },
];
