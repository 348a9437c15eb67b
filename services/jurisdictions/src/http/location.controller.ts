import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Put,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';
import { CLOCK, communityLocationStream, JURISDICTION_LOOKUP } from '@chuangwen/contracts';
import type { Actor, Clock, CommunityLocationSet, JurisdictionLookup, RecordedEvent } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands, IsDecimal, JurisdictionCodeParam } from '@chuangwen/http';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { toDay } from '@chuangwen/scoring-engine';

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
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
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
  ) {
    const node = await this.jurisdictions.find(code);
    if (!node) throw new NotFoundException(`no jurisdiction ${code} in the registry`);
    if (node.level !== 'community')
      throw new UnprocessableEntityException(
        `${code} is a ${node.level}: a centre point is set per community committee`,
      );
    const now = this.clock.now();
    const event: CommunityLocationSet = {
      type: 'CommunityLocationSet',
      version: 1,
      data: { communityCode: code, lat: dto.lat, lng: dto.lng, setOn: toDay(now) },
    };
    const correlationId = cid ?? randomUUID();
    const result = await this.store.append(
      communityLocationStream(code),
      [
        {
          eventId: randomUUID(),
          type: event.type,
          version: event.version,
          data: event.data,
          metadata: {
            actor,
            jurisdictionCode: code,
            occurredAt: now.toISOString(),
            correlationId,
            causationId: correlationId,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    return { communityCode: code, events: [event.type], position: result.position };
  }

  @Get(':code/location')
  @ApiOperation({ summary: "A community's centre point, or 404 when none is set" })
  async get(@Param() { code }: JurisdictionCodeParam) {
    const last = ((await this.store.readStream(communityLocationStream(code))) as RecordedEvent<CommunityLocationSet>[])
      .filter((e) => e.type === 'CommunityLocationSet')
      .pop();
    if (!last) throw new NotFoundException(`no centre point set for ${code}`);
    return {
      communityCode: code,
      lat: last.data.lat,
      lng: last.data.lng,
      setOn: last.data.setOn,
      setBy: last.metadata.actor.id,
    };
  }
}
