import type { EventTypeSpec } from '@chuangwen/contracts';

/** One topic per bounded context (its integration events), plus dead letters and the grid link. */
export const TOPIC_PREFIX = 'chuangwen.';
export type EventContext = EventTypeSpec['context'];

export const topicOf = (context: EventContext, prefix = TOPIC_PREFIX): string => `${prefix}${context}`;
export const CONTEXTS: readonly EventContext[] = [
  'activities',
  'inspections',
  'volunteers',
  'awards',
  'jurisdictions',
  'standards',
  'residents',
];

export const TOPICS = {
  activities: topicOf('activities'),
  inspections: topicOf('inspections'),
  volunteers: topicOf('volunteers'),
  awards: topicOf('awards'),
  jurisdictions: topicOf('jurisdictions'),
  standards: topicOf('standards'),
  residents: topicOf('residents'),
  deadLetter: `${TOPIC_PREFIX}dead-letter`,
  gridInbound: `${TOPIC_PREFIX}grid.inbound`,
  gridOutbound: `${TOPIC_PREFIX}grid.outbound`,
} as const;

/** Headers of an integration event (CloudEvents-style names where one exists). */
export const EVENT_HEADERS = {
  type: 'ce-type',
  id: 'ce-id',
  position: 'x-position',
  schemaVersion: 'x-schema-version',
} as const;
