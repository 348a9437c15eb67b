import type { JurisdictionLookup, JurisdictionSummary } from '@chuangwen/contracts';
import type { ReadDoc, ReadStore } from '@chuangwen/read-store';

interface RegistryDoc extends ReadDoc, JurisdictionSummary {}

/** The lookup port over the registry projection's `jurisdictions` collection. */
export class RegistryLookup implements JurisdictionLookup {
  constructor(private readonly store: ReadStore) {}

  async find(code: string): Promise<JurisdictionSummary | undefined> {
    const doc = await this.store.get<RegistryDoc>('jurisdictions', code);
    return doc ? { code: doc.code, name: doc.name, level: doc.level, parentCode: doc.parentCode } : undefined;
  }
}
