import { randomUUID } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@chuangwen/contracts';
import { CurrentActor, InScope, Roles } from '@chuangwen/auth';
import { AnswersCommands, JurisdictionCodeParam } from '@chuangwen/http';
import { CommunityCommandAnswer, UpdateCommunityProfileCommand } from '../application/update-community-profile';
import { answeredAsBefore } from './answered-as-before';
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
  ): Promise<CommunityCommandAnswer> {
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
