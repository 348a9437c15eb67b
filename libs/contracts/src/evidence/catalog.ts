import type { EventTypeSpec } from '../catalog';

/** Evidence is field work of the inspections context: on its topic (no new Kafka topic). */
export const EVIDENCE_EVENT_SPECS: readonly EventTypeSpec[] = [
  {
    type: 'EvidenceUploaded',
    context: 'inspections',
    currentVersion: 1,
    description:
      'A photo or document was uploaded to the evidence store: hash, size, type, capture time and place, uploader, flags.',
  },
];
