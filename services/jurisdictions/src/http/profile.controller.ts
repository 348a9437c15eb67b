import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Put,
  UnprocessableEntityException,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands, JurisdictionCodeParam } from '@chuangwen/http';
import { CommunityProfileAnswer, UpdateCommunityProfileCommand } from '../application/update-community-profile';
import { CommunityProfileDto } from './profile.dto';

/**
 * Sets a community's profile (resident population, estate kind …): the figures ratio rules divide
 * by. Offices and street offices set it for communities in their scope.
 */
@ApiTags('jurisdictions')
@ApiBearerAuth()
@AnswersCommands('communityCode')
@Controller('api/jurisdictions')
export class CommunityProfileController {
  constructor(private readonly commands: CommandBus) {}

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
  ): Promise<CommunityProfileAnswer> {
    const command = new UpdateCommunityProfileCommand(
      { type: 'UpdateCommunityProfile', data: { communityCode: code, ...dto } },
      actor,
      cid ?? randomUUID(),
    );
    try {
      return await this.commands.execute(command);
    } catch (error) {
      throw answeredAsBefore(error);
    }
  }
}

/**
 * The answers this endpoint gave before it had a decider, kept for its clients: an update setting
 * nothing is a 400 naming `quantities` beside `attributes` (as a validation error), an unknown code
 * and a code of another level are Nest's 404 and 422 (`error: 'Not Found'`, not the domain kind).
 */
function answeredAsBefore(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error.kind === 'invalid' && error.details?.field === 'quantities')
    return new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid request: quantities, attributes',
      errors: [{ field: 'quantities', messages: [error.message] }],
    });
  if (error.kind === 'not_found') return new NotFoundException(error.message);
  if (error.kind === 'invalid') return new UnprocessableEntityException(error.message);
  return error;
}
