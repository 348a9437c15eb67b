import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { levelOf } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands, JurisdictionCodeParam } from '@chuangwen/http';
import { FieldWorkQueries } from '../application/field-work.queries';
import { InspectionsQueries } from '../application/inspections.queries';
import {
  assertReadable,
  FINDING,
  InspectionsHttp,
  RECTIFYING,
  SUPERVISING,
  CHECKING_RECTIFICATIONS,
} from './base.controller';
import { ListQueryDto, ReasonDto, WorkListQueryDto } from './dto/common.dto';
import { IssueNoticeDto, RecordProblemDto, SubmitRectificationDto } from './dto/problem.dto';

@ApiTags('problems')
@ApiBearerAuth()
@AnswersCommands()
@Controller('api/problems')
export class ProblemsController extends InspectionsHttp {
  constructor(commands: CommandBus, queries: InspectionsQueries) {
    super(commands, queries);
  }

  @Post()
  @Roles(...FINDING)
  @InScope('body.communityCode')
  @ApiOperation({ summary: 'Record a problem found (by an inspector, the grid system or a resident report)' })
  record(@Body() dto: RecordProblemDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    const { problemId: chosenId, ...rest } = dto;
    const problemId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'RecordProblem', data: { problemId, ...rest } }, actor, cid);
  }

  @Get()
  @ApiOperation({ summary: 'Problems of a community, street or district, with their rectification state' })
  all(@Query() q: ListQueryDto, @CurrentActor() actor: Actor) {
    return this.list('rectifications', q, actor);
  }
}

@ApiTags('rectifications')
@ApiBearerAuth()
@AnswersCommands()
@Controller('api/rectifications')
export class RectificationsController extends InspectionsHttp {
  constructor(
    commands: CommandBus,
    queries: InspectionsQueries,
    private readonly field: FieldWorkQueries,
  ) {
    super(commands, queries);
  }

  @Post()
  @Roles(...SUPERVISING)
  @ApiOperation({ summary: 'Issue a rectification notice (整改通知书) for a problem, with a deadline' })
  notice(@Body() dto: IssueNoticeDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    return this.run({ type: 'IssueRectificationNotice', data: dto }, actor, cid);
  }

  @Post(':problemId/submission')
  @HttpCode(200)
  @Roles(...RECTIFYING)
  @ApiOperation({ summary: 'The community submits its rectification, with evidence' })
  submit(
    @Param('problemId', ParseUUIDPipe) problemId: string,
    @Body() dto: SubmitRectificationDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'SubmitRectification', data: { problemId, ...dto } }, actor, cid);
  }

  @Post(':problemId/verification')
  @HttpCode(200)
  @Roles(...CHECKING_RECTIFICATIONS)
  @ApiOperation({ summary: 'Verify a submitted rectification: the problem is closed' })
  verify(
    @Param('problemId', ParseUUIDPipe) problemId: string,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'VerifyRectification', data: { problemId } }, actor, cid);
  }

  @Post(':problemId/rejection')
  @HttpCode(200)
  @Roles(...CHECKING_RECTIFICATIONS)
  @ApiOperation({ summary: 'Reject a submitted rectification, with the reason: back to the community' })
  reject(
    @Param('problemId', ParseUUIDPipe) problemId: string,
    @Body() dto: ReasonDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'RejectRectification', data: { problemId, reason: dto.reason } }, actor, cid);
  }

  @Get()
  @ApiOperation({ summary: 'Rectifications of a community, street or district (status=…, overdue=true)' })
  all(@Query() q: ListQueryDto, @CurrentActor() actor: Actor) {
    return this.list('rectifications', q, actor);
  }

  @Get('counts/:code')
  @ApiOperation({ summary: 'Open, overdue, awaiting and verified problems of a node, and of each of its children' })
  counts(@Param() { code }: JurisdictionCodeParam, @CurrentActor() actor: Actor) {
    assertReadable(code, actor, true);
    return this.queries.counts(code);
  }

  @Get('work-list')
  @ApiOperation({
    summary:
      'A work list: problems awaiting a notice, notices to rectify (with days left) and rejections, submissions to verify',
  })
  workList(@Query() q: WorkListQueryDto, @CurrentActor() actor: Actor) {
    const code = q.jurisdictionCode ?? actor.jurisdiction;
    assertReadable(code, actor);
    if (!['community', 'street', 'district'].includes(levelOf(code)))
      throw new BadRequestException(`jurisdictionCode ${code}: a work list is of a community, street or district`);
    return this.field.workList(code);
  }

  @Get(':problemId')
  @ApiOperation({ summary: 'One problem and its rectification history' })
  get(@Param('problemId', ParseUUIDPipe) problemId: string, @CurrentActor() actor: Actor) {
    return this.one('rectifications', problemId, actor);
  }
}
