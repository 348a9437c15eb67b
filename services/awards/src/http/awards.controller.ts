import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isWithin } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands, JurisdictionCodeParam } from '@chuangwen/http';
import { AwardsQueries } from '../application/awards.queries';
import { AwardsCommand, ExecuteAwardsCommand } from '../application/execute-awards-command';
import { DEFAULT_NOTICE_DAYS } from '../domain/program.decider';
import {
  CoverageQuery,
  DefineProgramDto,
  HearingDto,
  NoticeDto,
  ObjectionDto,
  OutcomeDto,
  RemovalDto,
  ResolutionDto,
  SubmitNominationDto,
  TitlesQuery,
} from './awards.dto';

const Id = () => Param('id', ParseUUIDPipe);

/** Thin: offices run programs and each step; communities and streets apply or nominate. */
@ApiTags('awards')
@ApiBearerAuth()
@AnswersCommands()
@Controller('api/awards')
export class AwardsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: AwardsQueries,
  ) {}

  @Post('programs')
  @Roles('office')
  @InScope('body.authority')
  @ApiOperation({ summary: 'Define an award program (kind, level, cycle, quota, notice days, eligibility)' })
  define(@Body() dto: DefineProgramDto, @CurrentActor() actor: Actor, @Headers('x-correlation-id') cid?: string) {
    const {
      programId: chosenId,
      noticeDays = DEFAULT_NOTICE_DAYS,
      validityYears = 2,
      eligibility,
      cycle,
      ...rest
    } = dto;
    const programId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    return this.run(
      {
        type: 'DefineProgram',
        data: { programId, ...rest, cycle: { ...cycle }, eligibility: { ...eligibility }, noticeDays, validityYears },
      },
      actor,
      cid,
    );
  }

  @Get('programs/:id')
  async program(@Id() id: string) {
    const p = await this.queries.program(id);
    if (!p) throw new NotFoundException(`award program ${id} does not exist`);
    return p;
  }

  @Post('programs/:id/nominations')
  @Roles('office', 'street', 'community')
  @InScope('body.communityCode')
  @ApiOperation({ summary: 'Apply (申报) or nominate (推荐); community titles are checked against the scores' })
  submit(
    @Id() programId: string,
    @Body() dto: SubmitNominationDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    const { nominationId: chosenId, route, nomineeType, communityCode, name, moralModelKind } = dto;
    const nominationId = chosenId ?? randomUUID(); // null, like absent, lets the server choose
    const nominee = { type: nomineeType, communityCode, name, ...(moralModelKind ? { moralModelKind } : {}) };
    return this.run({ type: 'SubmitNomination', data: { nominationId, programId, route, nominee } }, actor, cid);
  }

  @Get('programs/:id/nominations')
  nominations(@Id() id: string) {
    return this.queries.nominations(id);
  }

  @Get('nominations/:id')
  async nomination(@Id() id: string) {
    const n = await this.queries.nomination(id);
    if (!n) throw new NotFoundException(`nomination ${id} does not exist`);
    return n;
  }

  @Post('nominations/:id/materials-review')
  @HttpCode(200)
  @Roles('office')
  review(@Id() id: string, @Body() dto: OutcomeDto, @CurrentActor() actor: Actor) {
    return this.run({ type: 'ReviewMaterials', data: { nominationId: id, ...dto } }, actor);
  }

  @Post('nominations/:id/report-hearing')
  @HttpCode(200)
  @Roles('office')
  hear(@Id() id: string, @Body() dto: HearingDto, @CurrentActor() actor: Actor) {
    return this.run({ type: 'HearReport', data: { nominationId: id, ratings: { ...dto.ratings } } }, actor);
  }

  @Post('nominations/:id/field-inspection')
  @HttpCode(200)
  @Roles('office', 'inspector')
  inspect(@Id() id: string, @Body() dto: OutcomeDto, @CurrentActor() actor: Actor) {
    return this.run({ type: 'InspectField', data: { nominationId: id, ...dto } }, actor);
  }

  @Post('nominations/:id/shortlist')
  @HttpCode(200)
  @Roles('office')
  shortlist(@Id() id: string, @CurrentActor() actor: Actor) {
    return this.run({ type: 'Shortlist', data: { nominationId: id } }, actor);
  }

  @Post('nominations/:id/public-notice')
  @HttpCode(200)
  @Roles('office')
  notice(@Id() id: string, @Body() dto: NoticeDto, @CurrentActor() actor: Actor) {
    return this.run(
      { type: 'StartPublicNotice', data: { nominationId: id, ...(dto.days ? { days: dto.days } : {}) } },
      actor,
    );
  }

  @Post('nominations/:id/objections')
  @Roles('office', 'street', 'community', 'system')
  @ApiOperation({ summary: 'Record an objection lodged during the public notice' })
  object(@Id() id: string, @Body() dto: ObjectionDto, @CurrentActor() actor: Actor) {
    const objectionId = randomUUID();
    return this.run(
      { type: 'LodgeObjection', data: { nominationId: id, objectionId, summary: dto.summary } },
      actor,
    ).then((r) => ({ ...r, objectionId }));
  }

  @Post('nominations/:id/objections/:objectionId/resolve')
  @HttpCode(200)
  @Roles('office')
  resolve(
    @Id() id: string,
    @Param('objectionId', ParseUUIDPipe) objectionId: string,
    @Body() dto: ResolutionDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.run({ type: 'ResolveObjection', data: { nominationId: id, objectionId, ...dto } }, actor);
  }

  @Post('nominations/:id/confer')
  @HttpCode(200)
  @Roles('office')
  @ApiOperation({ summary: 'Confer the title (表彰/命名) after the notice, with every objection answered' })
  confer(@Id() id: string, @CurrentActor() actor: Actor) {
    return this.run({ type: 'ConferTitle', data: { nominationId: id } }, actor);
  }

  @Post('titles/:id/reinspection')
  @HttpCode(200)
  @Roles('office')
  @ApiOperation({ summary: 'Re-inspect a title (复查): a pass extends it, a failure removes it' })
  reinspect(@Id() id: string, @Body() dto: OutcomeDto, @CurrentActor() actor: Actor) {
    return this.run({ type: 'ReinspectTitle', data: { nominationId: id, ...dto } }, actor);
  }

  @Post('titles/:id/removal')
  @HttpCode(200)
  @Roles('office')
  @ApiOperation({ summary: 'Remove a title (摘牌) for another reason, recorded' })
  remove(@Id() id: string, @Body() dto: RemovalDto, @CurrentActor() actor: Actor) {
    return this.run({ type: 'RemoveTitle', data: { nominationId: id, reason: 'other', detail: dto.detail } }, actor);
  }

  @Get('titles/:code')
  @ApiOperation({ summary: 'The title registry of a jurisdiction' })
  titles(@Param() { code }: JurisdictionCodeParam, @Query() q: TitlesQuery, @CurrentActor() actor: Actor) {
    this.scope(code, actor);
    return this.queries.titles(code, q.removed === 'true');
  }

  @Get('coverage/:code')
  @ApiOperation({ summary: 'Share of communities holding a community title of a level or higher (default: county)' })
  coverage(@Param() { code }: JurisdictionCodeParam, @Query() q: CoverageQuery, @CurrentActor() actor: Actor) {
    this.scope(code, actor);
    return this.queries.coverage(code, q.level);
  }

  private scope(code: string, actor: Actor): void {
    if (!isWithin(code, actor.jurisdiction) && !isWithin(actor.jurisdiction, code))
      throw new ForbiddenException(`${code} is outside your jurisdiction ${actor.jurisdiction}`);
  }

  private run(command: AwardsCommand, actor: Actor, correlationId?: string) {
    return this.commands.execute(new ExecuteAwardsCommand(command, actor, correlationId ?? randomUUID()));
  }
}
