import { Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { toDay } from '@chuangwen/scoring-engine';
import { checklist, workList } from './field-work';
import { InspectionsQueries } from './inspections.queries';
import { StandardsReader } from './standards.reader';
import type { InspectionView } from './views';

/** The field app's reads: a day's inspections, one inspection's checklist, a work list (days left on the injected clock). */
@Injectable()
export class FieldWorkQueries {
  constructor(
    private readonly queries: InspectionsQueries,
    private readonly standards: StandardsReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  today(): string {
    return toDay(this.clock.now());
  }

  async checklist(inspection: Omit<InspectionView, '_id' | '_pos'>) {
    // The day it is done decides the standard in force, as ScoreInspectionItem decides it.
    return checklist(inspection, await this.standards.all(), this.today());
  }

  async workList(code: string) {
    return workList(
      code,
      this.today(),
      await this.queries.inStatus(code, ['open', 'noticed', 'rejected', 'submitted']),
    );
  }
}
