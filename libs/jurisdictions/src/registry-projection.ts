import type {
  JurisdictionKind,
  JurisdictionLevel,
  JurisdictionRegistered,
  JurisdictionRegisteredData,
  RecordedEvent,
} from '@chuangwen/contracts';
import type { Projection, ReadDoc, UnitOfWork } from '@chuangwen/projections';

export const JURISDICTIONS_COLLECTION = 'jurisdictions';

/**
 * One registry document per node, `_id` = code. The read-store filter sees top-level fields only
 * (no array membership), but codes nest exactly (a node's code starts with its ancestors'
 * significant digits: 32 → 3212 → 321282 → 321282001 → 321282001001), so "everything at level L
 * under X" is a code range: `{ level: L, code: { $gte: '32', $lt: '32:' } }` (':' follows '9'), one
 * index range scan on (level, code) that already comes out in code order. No path fields needed.
 */
export interface JurisdictionDoc extends ReadDoc {
  readonly code: string;
  readonly name: string;
  readonly level: JurisdictionLevel;
  readonly parentCode: string;
  readonly ancestors: readonly string[];
  readonly kind: JurisdictionKind | null;
}

export function registryDoc({
  code,
  name,
  level,
  parentCode,
  ancestors,
  kind,
}: JurisdictionRegisteredData): Omit<JurisdictionDoc, '_pos'> {
  return { _id: code, code, name, level, parentCode, ancestors, kind: kind ?? null };
}

/** The jurisdiction registry read model, built from JurisdictionRegistered events. */
export const registryProjection: Projection = {
  name: 'jurisdictions',
  collections: [
    {
      name: JURISDICTIONS_COLLECTION,
      // Children by parent; descendants at a level by code range. Both list in code order.
      indexes: [{ fields: { parentCode: 1, code: 1 } }, { fields: { level: 1, code: 1 } }],
    },
  ],
  handles: new Set(['JurisdictionRegistered']),
  async apply(events: readonly RecordedEvent[], uow: UnitOfWork): Promise<void> {
    const registered = events.filter(
      (e): e is RecordedEvent<JurisdictionRegistered> => e.type === 'JurisdictionRegistered',
    );
    await uow.prefetch(
      JURISDICTIONS_COLLECTION,
      registered.map((e) => e.data.code),
    );
    for (const e of registered) {
      await uow.update<JurisdictionDoc>(JURISDICTIONS_COLLECTION, e.data.code, e, () => ({
        ...registryDoc(e.data),
        _pos: e.position,
      }));
    }
  },
};
