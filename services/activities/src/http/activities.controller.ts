import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isWithin } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, RECORDING_ROLES, Roles } from '@chuangwen/auth';
import { AnswersCommands } from '@chuangwen/http';
import { ActivityCommandResult, ExecuteActivityCommand } from '../application/execute-activity-command';
import { ListActivitiesQuery } from '../application/list-activities.query';
import type { ActivityCommand } from '../domain/commands';
import {
  AttachEvidenceDto,
  CancelActivityDto,
  ListActivitiesDto,
  MarkHeldDto,
  PlanActivityDto,
  RecordActivityDto,
} from './dto/activity.dto';

/** Thin: validate (DTOs), turn the request into a command with its actor, and dispatch. */
@ApiTags('activities')
@ApiBearerAuth()
@AnswersCommands({ aliases: ['activityId'], name: 'ActivityCommandAnswer' })
@Controller('api/activities')
export class ActivitiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...RECORDING_ROLES)
  @InScope('body.communityCode')
  @ApiOperation({ summary: 'Record an activity that took place in a community' })
  record(@Body() dto: RecordActivityDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    const { activityId: chosenId, ...rest } = dto;
    const activityId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'RecordActivity', data: { activityId, ...rest } }, actor, cid);
  }

  @Post('plans')
  @Roles(...RECORDING_ROLES)
  @InScope('body.communityCode')
  @ApiOperation({ summary: 'Plan an activity' })
  plan(@Body() dto: PlanActivityDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    const { activityId: chosenId, ...rest } = dto;
    const activityId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'PlanActivity', data: { activityId, ...rest } }, actor, cid);
  }

  @Post(':id/held')
  @HttpCode(200)
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'Mark a planned activity as held' })
  held(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: MarkHeldDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'MarkActivityHeld', data: { activityId: id, ...dto } }, actor, cid);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'Cancel a planned activity' })
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelActivityDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'CancelActivity', data: { activityId: id, reason: dto.reason } }, actor, cid);
  }

  @Post(':id/evidence')
  @HttpCode(200)
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'Attach evidence references (photos, sign-in sheets…)' })
  evidence(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AttachEvidenceDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'AttachEvidence', data: { activityId: id, evidence: dto.evidence } }, actor, cid);
  }

  @Get()
  @ApiOperation({ summary: 'Activities of a community (or street, district) between two dates' })
  list(@Query() q: ListActivitiesDto, @CurrentActor() actor: Actor) {
    const code = q.communityCode ?? q.jurisdictionCode!;
    if (!isWithin(code, actor.jurisdiction))
      throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
    return this.queries.execute(new ListActivitiesQuery(code, q.from, q.to, q.limit, q.offset));
  }

  private run(command: ActivityCommand, actor: Actor, correlationId?: string): Promise<ActivityCommandResult> {
    return this.commands.execute(new ExecuteActivityCommand(command, actor, correlationId ?? randomUUID()));
  }
}
