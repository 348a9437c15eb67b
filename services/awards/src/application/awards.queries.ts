import { Inject, Injectable } from '@nestjs/common';
import { awardProgramStream, codePrefix, codeRange, levelOf, TITLE_LEVELS, titleLevelRank } from '@chuangwen/contracts';
import type { AwardProgramData, TitleLevel } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { Filter, READ_STORE, ReadStore } from '@chuangwen/read-store';
import { NOMINATIONS, NominationView } from './nomination-list.projection';
import { CoverageDoc, TITLE_COVERAGE } from './title-coverage.projection';

@Injectable()
export class AwardsQueries {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async program(programId: string): Promise<AwardProgramData | undefined> {
    const [defined] = await this.events.readStream(awardProgramStream(programId), { maxCount: 1 });
    return defined?.data as AwardProgramData | undefined;
  }

  async nominations(programId: string) {
    const docs = await this.store.find<NominationView>(NOMINATIONS, { programId }, { sort: { nominationId: 1 } });
    return docs.map(strip);
  }

  async nomination(id: string) {
    const doc = await this.store.get<NominationView>(NOMINATIONS, id);
    return doc ? strip(doc) : undefined;
  }

  /** The title registry of a jurisdiction: titles held (and removed, with the reason) at or below it. */
  async titles(code: string, includeRemoved: boolean) {
    const prefix = codePrefix(code);
    const filter: Filter = {
      status: { $in: includeRemoved ? ['conferred', 'removed'] : ['conferred'] },
      ...(prefix ? { communityCode: codeRange(prefix) } : {}),
    };
    const docs = await this.store.find<NominationView>(NOMINATIONS, filter, { sort: { communityCode: 1 } });
    return docs.map(
      ({
        nominationId,
        programId,
        communityCode,
        kind,
        level,
        authority,
        nominee,
        status,
        conferredOn,
        validUntil,
        reinspections,
        removal,
      }) => ({
        titleId: nominationId,
        programId,
        communityCode,
        kind,
        level,
        authority,
        holder: nominee,
        status: status === 'conferred' ? 'held' : 'removed',
        conferredOn,
        validUntil,
        reinspections,
        ...(removal ? { removal } : {}),
      }),
    );
  }

  /** Share of the communities at or below a node holding a community title of `level` or higher. */
  async coverage(code: string, level: TitleLevel = 'county') {
    const doc = await this.store.get<CoverageDoc>(TITLE_COVERAGE, code);
    const communities = doc?.communities ?? 0;
    const titled = doc?.atLeast[titleLevelRank(level)] ?? 0;
    const byLevel = Object.fromEntries(TITLE_LEVELS.map((l, i) => [l, doc?.atLeast[i] ?? 0]));
    return {
      code,
      level: levelOf(code),
      minLevel: level,
      communities,
      titled,
      coverage: communities ? Math.round((titled / communities) * 10_000) / 10_000 : null,
      atLeast: byLevel,
    };
  }
}

const strip = ({ _id, _pos, ...view }: NominationView) => view;
