import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Put,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, JURISDICTION_LOOKUP } from '@chuangwen/contracts';
import type { Actor, Clock, CommunityProfileUpdated, JurisdictionLookup } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands, JurisdictionCodeParam } from '@chuangwen/http';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { READ_YOUR_WRITES, ReadYourWrites } from '@chuangwen/projections';
import { CommunityProfileDto } from './profile.dto';

/** Stream of a community's profile changes. */
export const communityProfileStream = (code: string) => `community-profile-${code}`;

/**
 * Sets a community's profile (resident population, estate kind …): the figures ratio rules divide
 * by. Offices and street offices set it for communities in their scope.
 */
@ApiTags('jurisdictions')
@ApiBearerAuth()
@AnswersCommands('communityCode')
@Controller('api/jurisdictions')
export class CommunityProfileController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JURISDICTION_LOOKUP) private readonly jurisdictions: JurisdictionLookup,
    @Inject(READ_YOUR_WRITES) private readonly reads: ReadYourWrites,
  ) {}

  @Put(':code/profile')
  @HttpCode(200)
  @Roles('office', 'street')
  @InScope('params.code')
  @ApiOperation({ summary: "Set a community's profile: quantities (residents …) and attributes (estate …)" })
  async update(
    @Param() { code }: JurisdictionCodeParam,
    @Body() dto: CommunityProfileDto,
    @CurrentActor() actor: Actor,
    @Headers('x-correlation-id') cid?: string,
  ) {
    if (!Object.keys(dto.quantities ?? {}).length && !Object.keys(dto.attributes ?? {}).length) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid request: quantities, attributes',
        errors: [{ field: 'quantities', messages: ['give at least one quantity or attribute'] }],
      });
    }
    const node = await this.jurisdictions.find(code);
    if (!node) throw new NotFoundException(`no jurisdiction ${code} in the registry`);
    if (node.level !== 'community')
      throw new UnprocessableEntityException(`${code} is a ${node.level}: a profile is set per community committee`);
    const event: CommunityProfileUpdated = {
      type: 'CommunityProfileUpdated',
      version: 1,
      data: {
        communityCode: code,
        ...(dto.quantities ? { quantities: dto.quantities } : {}),
        ...(dto.attributes ? { attributes: dto.attributes } : {}),
      },
    };
    const correlationId = cid ?? randomUUID();
    const result = await this.store.append(
      communityProfileStream(code),
      [
        {
          eventId: randomUUID(),
          type: event.type,
          version: event.version,
          data: event.data,
          metadata: {
            actor,
            jurisdictionCode: code,
            occurredAt: this.clock.now().toISOString(),
            correlationId,
            causationId: correlationId,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    await this.reads.waitFor(result.position, [event.type]);
    return { communityCode: code, events: [event.type], position: result.position };
  }
}
