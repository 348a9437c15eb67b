import { Controller, ForbiddenException, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CLOCK, isWithin, JURISDICTION_LOOKUP } from '@chuangwen/contracts';
import type { Actor, Clock, JurisdictionLookup } from '@chuangwen/contracts';
import { CurrentActor } from '@chuangwen/auth';
import { JurisdictionCodeParam } from './jurisdiction-code.param';
import { ActivityTalliesQuery } from '../activity-tallies/activity-tallies.query';

export class ScoresQuery {
  @ApiPropertyOptional({ example: 2025, description: 'Calendar year; the current one by default' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

@ApiTags('scores')
@ApiBearerAuth()
@Controller('api/scores')
export class ScoresController {
  constructor(
    private readonly tallies: ActivityTalliesQuery,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':code')
  @ApiOperation({ summary: 'Figures of a jurisdiction (community, street, district, city, province) for a year' })
  async scores(@Param() { code }: JurisdictionCodeParam, @Query() q: ScoresQuery, @CurrentActor() actor: Actor) {
    if (!isWithin(code, actor.jurisdiction) && !isWithin(actor.jurisdiction, code)) {
      throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
    }
    const node = await this.jurisdictions.find(code);
    if (!node) throw new NotFoundException(`no jurisdiction ${code} in the registry (seed its region first)`);
    const year = q.year ?? this.clock.now().getUTCFullYear();
    return { ...node, year, activities: await this.tallies.forYear(code, year) };
  }
}
