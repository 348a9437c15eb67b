import {
  Controller,
  ForbiddenException,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsDay, IsText, JurisdictionCodeParam, PageOffset } from '@chuangwen/http';
import { isWithin, JURISDICTION_LEVELS, JURISDICTION_LOOKUP, levelOf } from '@chuangwen/contracts';
import type { Actor, JurisdictionLevel, JurisdictionLookup } from '@chuangwen/contracts';
import { CurrentActor } from '@chuangwen/auth';
import { KnownAt } from './known-at';
import { ActivityTalliesQuery } from '../activity-tallies/activity-tallies.query';
import { ScoringQueries, UnknownStandardError } from '../scorecards/scoring.queries';

export class ScoresQuery {
  @ApiPropertyOptional({
    example: '2025-06-30',
    description:
      'Figures for this day (China time) from every fact known now that had occurred by its end, late records included (see knownAt for what was shown then)',
  })
  @IsOptional()
  @IsDay()
  asOf?: string;

  @KnownAt() knownAt?: string;

  @ApiPropertyOptional({
    example: 'gansu-civilized-community',
    description: 'A standard id; by default the nearest authority’s standard in force',
  })
  @IsOptional()
  @IsText({ max: 120 })
  standard?: string;

  @ApiPropertyOptional({
    example: 2025,
    description: 'Year of the activity counts; that of asOf (or today) by default',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ExplainQuery extends ScoresQuery {
  @ApiPropertyOptional({ example: 'g1.1' }) @IsText({ max: 40 }) indicator!: string;
}

export class RankingsQuery {
  @ApiPropertyOptional({ enum: JURISDICTION_LEVELS, description: 'Level ranked; the next level down by default' })
  @IsOptional()
  @IsIn(JURISDICTION_LEVELS)
  level?: JurisdictionLevel;
  @ApiPropertyOptional() @IsOptional() @IsText({ max: 120 }) standard?: string;
  @ApiPropertyOptional({
    example: '2025-06-30',
    description:
      'The ranking as it stood at the end of this day (China time), from every fact known now that occurred by then',
  })
  @IsOptional()
  @IsDay()
  asOf?: string;
  @KnownAt() knownAt?: string;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @PageOffset() offset?: number;
}

/** The query's moment and standard, as the queries name them (`standard` → `standardId`). */
const figureOptions = (q: { asOf?: string; knownAt?: string; standard?: string }) => ({
  asOf: q.asOf,
  knownAt: q.knownAt,
  standardId: q.standard,
});

const DEPTH: Record<JurisdictionLevel, number> = {
  country: 0,
  province: 1,
  city: 2,
  district: 3,
  street: 4,
  community: 5,
};
const NEXT: JurisdictionLevel[] = ['province', 'city', 'district', 'street', 'community'];

/** Reading is allowed at and below the caller's jurisdiction, and of the aggregates above it. */
function assertReadable(code: string, actor: Actor): void {
  if (!isWithin(code, actor.jurisdiction) && !isWithin(actor.jurisdiction, code)) {
    throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
  }
}

@ApiTags('scores')
@ApiBearerAuth()
@Controller('api')
export class ScoresController {
  constructor(
    private readonly scoring: ScoringQueries,
    private readonly tallies: ActivityTalliesQuery,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
  ) {}

  @Get('scores/:code')
  @ApiOperation({
    summary:
      'Scores of a community (scorecard, gaps, veto) or of any level above it (roll-up), now, as of a day or as known at an instant',
  })
  async scores(@Param() { code }: JurisdictionCodeParam, @Query() q: ScoresQuery, @CurrentActor() actor: Actor) {
    const node = await this.node(code, actor);
    const options = figureOptions(q);
    const year = q.year ?? +this.scoring.dayOf(options).slice(0, 4);
    return this.known(async () => {
      // Every block of the answer is for the same moment: the activity counts too.
      const activities =
        options.asOf || options.knownAt
          ? await this.scoring.activities(code, year, options)
          : await this.tallies.forYear(code, year);
      if (node.level === 'community') {
        const { day, cards, revisions } = await this.scoring.communityScorecards(code, options);
        const [card, ...others] = cards;
        return {
          jurisdiction: node,
          day,
          standard: card?.standard ?? null,
          scorecard: card ?? null,
          otherStandards: others.map((c) => ({
            standard: c.standard,
            total: c.total,
            passed: c.passed,
            vetoed: c.veto.vetoed,
          })),
          activities: { year, ...activities },
          ...(revisions ? { revisedAfterTheFact: revisions } : {}),
        };
      }
      const { revisions, ...figures } = await this.scoring.nodeFigures(code, options);
      return {
        jurisdiction: node,
        ...figures,
        activities: { year, ...activities },
        ...(revisions ? { revisedAfterTheFact: revisions } : {}),
      };
    });
  }

  @Get('scores/:code/explain')
  @ApiOperation({
    summary:
      'The events that produced one indicator of a community’s score (and those about the same facts that did not count, with why)',
  })
  async explain(@Param() { code }: JurisdictionCodeParam, @Query() q: ExplainQuery, @CurrentActor() actor: Actor) {
    const node = await this.node(code, actor);
    if (node.level !== 'community')
      throw new UnprocessableEntityException('explain works on a community; a roll-up is explained by its communities');
    const result = await this.known(() => this.scoring.explain(code, q.indicator, figureOptions(q)));
    if (!result) throw new NotFoundException(`no standard is in force for ${code}`);
    if (!result.indicator)
      throw new NotFoundException(`standard ${result.card.standard.id} has no indicator ${q.indicator}`);
    return {
      jurisdiction: node,
      standard: result.card.standard,
      day: result.card.asOf,
      indicator: { ...result.score, rule: result.indicator.rule, source: result.indicator.source },
      events: result.events,
      notCounted: result.notCounted,
    };
  }

  @Get('rankings/:code')
  @ApiOperation({ summary: 'Rankings among the children (or any deeper level, e.g. communities) of a jurisdiction' })
  async rankings(@Param() { code }: JurisdictionCodeParam, @Query() q: RankingsQuery, @CurrentActor() actor: Actor) {
    const node = await this.node(code, actor);
    const level = q.level ?? NEXT[DEPTH[node.level]];
    if (!level || DEPTH[level] <= DEPTH[node.level])
      throw new UnprocessableEntityException(`level must lie below ${node.level}`);
    const ranking = await this.known(() =>
      this.scoring.rankings(code, level, { ...figureOptions(q), limit: q.limit, offset: q.offset }),
    );
    const names = await Promise.all(ranking.items.map((i) => this.jurisdictions.find(i.code)));
    return {
      jurisdiction: node,
      ...ranking,
      items: ranking.items.map((i, k) => ({ ...i, name: names[k]?.name ?? null })),
    };
  }

  private async node(code: string, actor: Actor) {
    assertReadable(code, actor);
    const node =
      code === '000000'
        ? { code, name: '全国', level: levelOf(code), parentCode: null }
        : await this.jurisdictions.find(code);
    if (!node) throw new NotFoundException(`no jurisdiction ${code} in the registry (seed its region first)`);
    return node;
  }

  private async known<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof UnknownStandardError) throw new UnprocessableEntityException(e.message);
      throw e;
    }
  }
}
