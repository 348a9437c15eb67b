import type { RecordedEvent, StandardPublished } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';
import { INSPECTION_STANDARDS } from './views';

export interface InspectionStandardDoc extends ReadDoc {
  standardId: string;
  version: number;
  document: Record<string, unknown>;
}

/**
 * The published standards, kept by this service for itself (in distributed mode it cannot read the
 * scoring service's models): scoring an item needs the indicators of the standard in force.
 */
export const inspectionStandardsProjection: Projection = {
  name: 'inspections.standards',
  collections: [{ name: INSPECTION_STANDARDS }],
  handles: new Set(['StandardPublished']),
  async apply(events, uow) {
    for (const e of events as readonly RecordedEvent<StandardPublished>[]) {
      const { standardId, version, document } = e.data;
      const id = `${standardId}@${version}`;
      await uow.update<InspectionStandardDoc>(INSPECTION_STANDARDS, id, e, () => ({
        _id: id,
        _pos: -1,
        standardId,
        version,
        document,
      }));
    }
  },
};
