import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands } from '@chuangwen/http';
import { InspectionsQueries } from '../application/inspections.queries';
import { INSPECTING, InspectionsHttp, REPORTING, VERIFYING } from './base.controller';
import { ListQueryDto, ReasonDto } from './dto/common.dto';
import { RecordSurveyDto, ReportIncidentDto } from './dto/survey-incident.dto';

/** What a survey's answer computed: the rate and whether the sample is below the standard's minimum. */
const SURVEY_FIGURES = {
  rate: { type: 'number', minimum: 0, maximum: 1, description: 'positive ÷ sampleSize' },
  smallSample: { type: 'boolean', description: 'The sample is smaller than the standards in force require' },
} as const;

@ApiTags('surveys')
@ApiBearerAuth()
@AnswersCommands()
@Controller('api/surveys')
export class SurveysController extends InspectionsHttp {
  constructor(commands: CommandBus, queries: InspectionsQueries) {
    super(commands, queries);
  }

  @Post()
  @Roles(...INSPECTING)
  @InScope('body.communityCode')
  @AnswersCommands({ name: 'SurveyCommandAnswer', also: SURVEY_FIGURES })
  @ApiOperation({
    summary: 'Record a survey (问卷调查) of one topic: sample size and positive answers; the rate is computed',
  })
  record(@Body() dto: RecordSurveyDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    const { surveyId: chosenId, ...rest } = dto;
    const surveyId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'RecordSurvey', data: { surveyId, ...rest } }, actor, cid);
  }

  @Get()
  @ApiOperation({ summary: 'Surveys of a community, street or district, with their rates and small-sample flags' })
  all(@Query() q: ListQueryDto, @CurrentActor() actor: Actor) {
    return this.list('surveys', q, actor);
  }
}

@ApiTags('incidents')
@ApiBearerAuth()
@AnswersCommands()
@Controller('api/incidents')
export class IncidentsController extends InspectionsHttp {
  constructor(commands: CommandBus, queries: InspectionsQueries) {
    super(commands, queries);
  }

  @Post()
  @Roles(...REPORTING)
  @InScope('body.communityCode')
  @ApiOperation({ summary: 'Report an incident of a veto kind (一票否决); it costs nothing until confirmed' })
  report(@Body() dto: ReportIncidentDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    const { incidentId: chosenId, ...rest } = dto;
    const incidentId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'ReportIncident', data: { incidentId, ...rest } }, actor, cid);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(...VERIFYING)
  @ApiOperation({ summary: 'Confirm a reported incident: it vetoes for the window the standard sets' })
  confirm(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'ConfirmIncident', data: { incidentId: id } }, actor, cid);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @Roles(...VERIFYING)
  @ApiOperation({ summary: 'Dismiss a reported incident, or clear a confirmed one on review' })
  dismiss(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'DismissIncident', data: { incidentId: id, reason: dto.reason } }, actor, cid);
  }

  @Get()
  @ApiOperation({ summary: 'Incidents of a community, street or district' })
  all(@Query() q: ListQueryDto, @CurrentActor() actor: Actor) {
    return this.list('incidents', q, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One incident' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.one('incidents', id, actor);
  }
}
