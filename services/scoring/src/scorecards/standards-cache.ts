import type { StandardPublished } from '@chuangwen/contracts';
import type { Standard } from '@chuangwen/scoring-engine';
import type { StandardDoc } from './collections';

/**
 * Published versions never change, so one parsed object per `id@version` serves every batch and
 * query — and keeps the engine's per-object compilation cache warm. One cache per projection or
 * query instance (each works on one store).
 */
export class StandardsCache {
  private readonly byKey = new Map<string, Standard>();

  standardOf(doc: Pick<StandardDoc, 'standardId' | 'version' | 'document'>): Standard {
    const key = `${doc.standardId}@${doc.version}`;
    let s = this.byKey.get(key);
    if (!s) {
      s = doc.document as unknown as Standard;
      this.byKey.set(key, s);
    }
    return s;
  }

  /** A version read before (`standardId@version`): versions never change once published. */
  get(key: string): Standard | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  clear(): void {
    this.byKey.clear();
  }
}

/** The id of the one document listing every published version (standards are few). */
export const STANDARD_INDEX_ID = '_index';

export interface StandardIndexDoc {
  _id: string;
  _pos: number;
  versions: Omit<StandardDoc, '_id' | '_pos' | 'document'>[];
}

/** The stored document of a published version. */
export function standardVersionDoc(published: StandardPublished['data']): Omit<StandardDoc, '_pos'> {
  const { standardId, version, issuingAuthority, effectiveFrom, effectiveTo, document } = published;
  return {
    _id: `${standardId}@${version}`,
    standardId,
    version,
    issuingAuthority,
    effectiveFrom,
    ...(effectiveTo ? { effectiveTo } : {}),
    document,
  };
}

/** Its line in the index of versions. */
export function indexEntry(doc: Omit<StandardDoc, '_pos'>): StandardIndexDoc['versions'][number] {
  const { standardId, version, issuingAuthority, effectiveFrom, effectiveTo } = doc;
  return { standardId, version, issuingAuthority, effectiveFrom, ...(effectiveTo ? { effectiveTo } : {}) };
}
