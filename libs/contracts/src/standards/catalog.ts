import type { EventTypeSpec } from '../catalog';

export const STANDARD_EVENT_SPECS: readonly EventTypeSpec[] = [
  {
    type: 'StandardPublished',
    context: 'standards',
    currentVersion: 1,
    description: 'A version of an evaluation standard was published.',
  },
  {
    type: 'EvaluationDayBegan',
    context: 'standards',
    currentVersion: 1,
    description: 'A new China day began: date-dependent figures are evaluated again at it.',
  },
];
