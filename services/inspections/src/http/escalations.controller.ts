import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands, JurisdictionCodeParam } from '@chuangwen/http';
import { EscalationLadders } from '../application/escalation-ladders';
import { InspectionsQueries } from '../application/inspections.queries';
import { assertReadable } from './base.controller';
import { EscalationLadderDto, EscalationListQueryDto, OfficeCodeParam } from './dto/escalation.dto';

/** Escalation (督办): the ladders offices set, and the lists of what escalated. */
@ApiTags('escalations')
@ApiBearerAuth()
@Controller('api/escalations')
export class EscalationsController {
  constructor(
    private readonly ladders: EscalationLadders,
    private readonly queries: InspectionsQueries,
  ) {}

  @Put('ladders/:code')
  @HttpCode(200)
  @Roles('office', 'street')
  @InScope('params.code')
  @AnswersCommands('jurisdictionCode')
  @ApiOperation({
    summary: 'Set the escalation ladder for the overdue rectifications below an office (replaces the previous one)',
  })
  set(
    @Param() { code }: OfficeCodeParam,
    @Body() dto: EscalationLadderDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    const steps = dto.steps.map((s) => ({
      afterDays: s.afterDays,
      level: s.level,
      supervised: s.supervised ?? false,
      bulletin: s.bulletin ?? false,
    }));
    return this.ladders.set(code, steps, actor, cid ?? randomUUID());
  }

  @Get('ladders/:code')
  @ApiOperation({
    summary: 'The ladder in force for a community or office: its own, the nearest office’s above, or the default',
  })
  async ladder(@Param() { code }: JurisdictionCodeParam) {
    const { ladderOf, steps } = await this.ladders.effective(code);
    return { code, ladderOf, isDefault: ladderOf === '000000', steps };
  }

  @Get()
  @ApiOperation({
    summary: 'The 督办 list: escalated rectifications of a community, street or district (open by default)',
  })
  list(@Query() q: EscalationListQueryDto, @CurrentActor() actor: Actor) {
    assertReadable(q.jurisdictionCode, actor);
    return this.queries.escalations(q.jurisdictionCode, { ...q, open: q.open ?? true });
  }

  @Get('counts/:code')
  @ApiOperation({
    summary: 'Open escalated rectifications at a node: in all, supervised (on a 督办 list), counted in a bulletin',
  })
  counts(@Param() { code }: JurisdictionCodeParam, @CurrentActor() actor: Actor) {
    assertReadable(code, actor, true);
    return this.queries.escalationCounts(code);
  }
}
