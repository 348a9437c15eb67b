import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, NotFoundException, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands, IsDecimal, JurisdictionCodeParam } from '@chuangwen/http';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { communityLocation } from '../application/community-location.query';
import { SetCommunityLocationCommand } from '../application/set-community-location';
import type { CommunityCommandAnswer } from '../application/update-community-profile';
import { answeredAsBefore } from './answered-as-before';

export class CommunityLocationDto {
  @ApiProperty({ example: 36.0611, description: 'WGS-84 latitude of the community’s centre point' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsDecimal(7)
  @Min(-90)
  @Max(90)
  lat!: number;

  @ApiProperty({ example: 103.8343, description: 'WGS-84 longitude' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsDecimal(7)
  @Min(-180)
  @Max(180)
  lng!: number;
}

/**
 * A community's centre point, set by an office or street office: field evidence captured farther
 * from it than EVIDENCE_MAX_DISTANCE_M is flagged. An event on the community's own stream; the
 * last one set counts (read from the stream: no read model needed).
 */
@ApiTags('jurisdictions')
@ApiBearerAuth()
@Controller('api/jurisdictions')
export class CommunityLocationController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Put(':code/location')
  @HttpCode(200)
  @Roles('office', 'street')
  @InScope('params.code')
  @AnswersCommands('communityCode')
  @ApiOperation({ summary: "Set a community's centre point (WGS-84), against which evidence locations are checked" })
  async set(
    @Param() { code }: JurisdictionCodeParam,
    @Body() dto: CommunityLocationDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ): Promise<CommunityCommandAnswer> {
    const command = new SetCommunityLocationCommand(
      { type: 'SetCommunityLocation', data: { communityCode: code, lat: dto.lat, lng: dto.lng } },
      actor,
      cid ?? randomUUID(),
    );
    try {
      return await this.commands.execute(command);
    } catch (error) {
      throw answeredAsBefore(error);
    }
  }

  @Get(':code/location')
  @ApiOperation({ summary: "A community's centre point, or 404 when none is set" })
  async get(@Param() { code }: JurisdictionCodeParam) {
    const location = await communityLocation(this.store, code);
    if (!location) throw new NotFoundException(`no centre point set for ${code}`);
    return location;
  }
}
