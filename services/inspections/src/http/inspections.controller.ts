import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands } from '@chuangwen/http';
import { FieldWorkQueries } from '../application/field-work.queries';
import { InspectionsQueries } from '../application/inspections.queries';
import type { InspectionView } from '../application/views';
import { INSPECTING, InspectionsHttp } from './base.controller';
import { DayParam, DayQueryDto, ListQueryDto, ReasonDto } from './dto/common.dto';
import { CompleteInspectionDto, RecordFacilityDto, ScheduleInspectionDto, ScoreItemDto } from './dto/inspection.dto';

@ApiTags('inspections')
@ApiBearerAuth()
@AnswersCommands()
@Controller('api/inspections')
export class InspectionsController extends InspectionsHttp {
  constructor(
    commands: CommandBus,
    queries: InspectionsQueries,
    private readonly field: FieldWorkQueries,
  ) {
    super(commands, queries);
  }

  @Post()
  @Roles(...INSPECTING)
  @InScope('body.communityCode')
  @ApiOperation({
    summary: 'Schedule an inspection of a community (field, unannounced 暗访, document review, report hearing)',
  })
  schedule(
    @Body() dto: ScheduleInspectionDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    const { inspectionId: chosenId, ...rest } = dto;
    const inspectionId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'ScheduleInspection', data: { inspectionId, ...rest } }, actor, cid);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles(...INSPECTING)
  @ApiOperation({ summary: 'Start a scheduled inspection' })
  start(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'StartInspection', data: { inspectionId: id } }, actor, cid);
  }

  @Post(':id/items')
  @HttpCode(200)
  @Roles(...INSPECTING)
  @ApiOperation({ summary: 'Score an inspector-scored indicator (points or met/not met), with remark and evidence' })
  score(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ScoreItemDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'ScoreInspectionItem', data: { inspectionId: id, ...dto } }, actor, cid);
  }

  @Post(':id/facilities')
  @HttpCode(200)
  @Roles(...INSPECTING)
  @ApiOperation({
    summary:
      'Record facilities, bodies or documents found present or absent during the inspection: one ({facility, present}) or a list ({facilities: […]}), all or none',
  })
  facility(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordFacilityDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    const facilities = dto.facilities?.map(({ facility, present }) => ({ facility, present })) ?? [
      { facility: dto.facility!, present: dto.present! },
    ];
    return this.run({ type: 'RecordFacilities', data: { inspectionId: id, facilities } }, actor, cid);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...INSPECTING)
  @ApiOperation({ summary: 'Complete an inspection in progress' })
  complete(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CompleteInspectionDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'CompleteInspection', data: { inspectionId: id, ...dto } }, actor, cid);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...INSPECTING)
  @ApiOperation({ summary: 'Cancel a scheduled inspection' })
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'CancelInspection', data: { inspectionId: id, reason: dto.reason } }, actor, cid);
  }

  @Get()
  @ApiOperation({ summary: 'Inspections of a community, street or district' })
  all(@Query() q: ListQueryDto, @CurrentActor() actor: Actor) {
    return this.list('inspections', q, actor);
  }

  @Get('today')
  @ApiOperation({
    summary:
      'Today (China time, the platform’s clock): the inspections planned for today that name you among their inspectors; all=true: every one in your jurisdiction',
  })
  today(@Query() q: DayQueryDto, @CurrentActor() actor: Actor) {
    return this.day({ day: this.field.today() }, q, actor);
  }

  @Get('day/:day')
  @ApiOperation({
    summary:
      'The inspections planned on a day in your jurisdiction that name you (your token’s subject) among their inspectors; all=true: every one',
  })
  day(@Param() { day }: DayParam, @Query() q: DayQueryDto, @CurrentActor() actor: Actor) {
    return this.queries
      .day(day, actor.jurisdiction, q.all ? undefined : actor.id)
      .then((items) => ({ day, inspector: q.all ? null : actor.id, items }));
  }

  @Get(':id/checklist')
  @ApiOperation({
    summary:
      'What to check in one inspection: the inspector-scored items and facilities of the standards in force today, and the problem categories',
  })
  async checklist(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.field.checklist((await this.one('inspections', id, actor)) as Omit<InspectionView, '_id' | '_pos'>);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inspection with its scored items' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.one('inspections', id, actor);
  }
}
