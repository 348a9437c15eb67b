import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, isWithin } from '@chuangwen/contracts';
import type { Actor, Clock } from '@chuangwen/contracts';
import { badField } from '@chuangwen/http';
import { toDay } from '@chuangwen/scoring-engine';
import { idNumberProblem } from '../domain/identity-number';
import { CurrentActor, InScope, RECORDING_ROLES, Roles } from '@chuangwen/auth';
import { AnswersCommands, JurisdictionCodeParam } from '@chuangwen/http';
import { ExecuteVolunteersCommand, volunteerIdOf, VolunteersCommand } from '../application/execute-volunteers-command';
import { IdentityProtector } from '../application/identity-protector';
import { VolunteerQueries } from '../application/volunteer.queries';
import {
  ConfirmServiceDto,
  CreateProjectDto,
  FormTeamDto,
  idNumberMessage,
  ListVolunteersDto,
  MemberDto,
  PeriodDto,
  VolunteerReasonDto,
  RecordServiceDto,
  RegisterVolunteerDto,
  StarThresholdsDto,
} from './dto/volunteer.dto';

/** Thin: validate, turn the request into a command with its actor, dispatch; reads go to the queries. */
@ApiTags('volunteers')
@ApiBearerAuth()
@AnswersCommands()
@Controller('api')
export class VolunteersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: VolunteerQueries,
    private readonly identity: IdentityProtector,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('volunteers')
  @Roles(...RECORDING_ROLES)
  @InScope('body.communityCode')
  @ApiOperation({ summary: 'Register a volunteer in a community (the identity number is kept only hashed and masked)' })
  register(@Body() dto: RegisterVolunteerDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    const { idNumber, skills = [], ...rest } = dto;
    // A birth date after today (China day of the injected clock) is no real person's yet.
    const problem = idNumberProblem(idNumber, toDay(this.clock.now()));
    if (problem) throw badField('idNumber', idNumberMessage(problem));
    const { idHash, idMasked } = this.identity.protect(idNumber);
    const volunteerId = volunteerIdOf(dto.communityCode, idHash);
    return this.run(
      {
        type: 'RegisterVolunteer',
        data: {
          volunteerId,
          communityCode: rest.communityCode,
          name: rest.name,
          phone: rest.phone,
          skills,
          idHash,
          idMasked,
        },
      },
      actor,
      cid,
    );
  }

  @Post('volunteers/:id/deregister')
  @HttpCode(200)
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'Take a volunteer off the register' })
  deregister(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: VolunteerReasonDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'DeregisterVolunteer', data: { volunteerId: id, reason: dto.reason } }, actor, cid);
  }

  @Post('volunteers/:id/records')
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'Record a service (date, hours, kind); it counts once confirmed' })
  record(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordServiceDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    const { recordId: chosenId, ...rest } = dto;
    const recordId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'RecordService', data: { volunteerId: id, recordId, ...rest } }, actor, cid);
  }

  @Post('volunteers/:id/records/:recordId/confirm')
  @HttpCode(200)
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'Confirm a service record (by the team or the community)' })
  confirm(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('recordId', ParseUUIDPipe) recordId: string,
    @Body() dto: ConfirmServiceDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'ConfirmServiceRecord', data: { volunteerId: id, recordId, ...dto } }, actor, cid);
  }

  @Post('volunteers/:id/records/:recordId/reject')
  @HttpCode(200)
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'Refuse a service record' })
  reject(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('recordId', ParseUUIDPipe) recordId: string,
    @Body() dto: VolunteerReasonDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run(
      { type: 'RejectServiceRecord', data: { volunteerId: id, recordId, reason: dto.reason } },
      actor,
      cid,
    );
  }

  @Post('volunteer-teams')
  @Roles(...RECORDING_ROLES)
  @InScope('body.communityCode')
  @ApiOperation({ summary: 'Form a volunteer team (党员, 青年, 巾帼, 治安巡逻 …)' })
  formTeam(@Body() dto: FormTeamDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    const { teamId: chosenId, ...rest } = dto;
    const teamId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'FormTeam', data: { teamId, ...rest } }, actor, cid);
  }

  @Post('volunteer-teams/:teamId/members')
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'A volunteer joins a team' })
  join(
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Body() dto: MemberDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'JoinTeam', data: { teamId, volunteerId: dto.volunteerId } }, actor, cid);
  }

  @Post('volunteer-teams/:teamId/members/:volunteerId/leave')
  @HttpCode(200)
  @Roles(...RECORDING_ROLES)
  @ApiOperation({ summary: 'A volunteer leaves a team' })
  leave(
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Param('volunteerId', ParseUUIDPipe) volunteerId: string,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'LeaveTeam', data: { teamId, volunteerId } }, actor, cid);
  }

  @Post('volunteer-projects')
  @Roles(...RECORDING_ROLES)
  @InScope('body.communityCode')
  @ApiOperation({ summary: 'Set up a service project' })
  createProject(
    @Body() dto: CreateProjectDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    const { projectId: chosenId, ...rest } = dto;
    const projectId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run({ type: 'CreateServiceProject', data: { projectId, ...rest } }, actor, cid);
  }

  @Put('volunteers/star-thresholds/:code')
  @Roles('office')
  @InScope('params.code')
  @ApiOperation({
    summary: 'Set a jurisdiction’s star thresholds from a date (default: the national 100/300/600/1000/1500 hours)',
  })
  thresholds(
    @Param() { code }: JurisdictionCodeParam,
    @Body() dto: StarThresholdsDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    return this.run({ type: 'SetStarThresholds', data: { jurisdictionCode: code, ...dto } }, actor, cid);
  }

  @Get('volunteers/figures/:code')
  @ApiOperation({ summary: 'Registered and active volunteers, hours and registration rate of any node, for a period' })
  figures(@Param() { code }: JurisdictionCodeParam, @Query() q: PeriodDto, @CurrentActor() actor: Actor) {
    this.scope(code, actor);
    return this.queries.figures(code, q.from, q.to);
  }

  @Get('volunteers')
  @ApiOperation({ summary: 'The register of a community' })
  list(@Query() q: ListVolunteersDto, @CurrentActor() actor: Actor) {
    this.scope(q.communityCode, actor);
    return this.queries.list(q.communityCode, q.limit, q.offset);
  }

  @Get('volunteers/:id')
  @ApiOperation({ summary: 'One volunteer with service records' })
  async one(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    const v = await this.queries.one(id);
    if (!v) throw new NotFoundException(`volunteer ${id} does not exist`);
    this.scope(v.communityCode, actor);
    return v;
  }

  @Get('volunteers/:id/certificate')
  @ApiOperation({ summary: 'The content of a volunteer service certificate (志愿服务记录证明)' })
  async certificate(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    const v = await this.queries.one(id);
    if (!v) throw new NotFoundException(`volunteer ${id} does not exist`);
    this.scope(v.communityCode, actor);
    return this.queries.certificate(id, actor.jurisdiction);
  }

  private scope(code: string, actor: Actor): void {
    if (!isWithin(code, actor.jurisdiction))
      throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
  }

  private run(command: VolunteersCommand, actor: Actor, correlationId?: string) {
    return this.commands.execute(new ExecuteVolunteersCommand(command, actor, correlationId ?? randomUUID()));
  }
}
