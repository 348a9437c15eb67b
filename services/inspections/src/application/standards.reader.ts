import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import type { Standard } from '@chuangwen/scoring-engine';
import type { InspectionStandardDoc } from './standards.projection';
import { INSPECTION_STANDARDS } from './views';

/** Published standards from this service's own read model; parsed once per version (they never change). */
@Injectable()
export class StandardsReader {
  private readonly parsed = new Map<string, Standard>();

  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async all(): Promise<Standard[]> {
    const docs = await this.store.find<InspectionStandardDoc>(INSPECTION_STANDARDS, {});
    return docs.map((d) => {
      let s = this.parsed.get(d._id);
      if (!s) this.parsed.set(d._id, (s = d.document as unknown as Standard));
      return s;
    });
  }
}
