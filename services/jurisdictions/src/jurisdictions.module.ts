import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '@chuangwen/projections';
import { registryProjection } from '@chuangwen/jurisdictions';
import { SetCommunityLocationHandler } from './application/set-community-location';
import { UpdateCommunityProfileHandler } from './application/update-community-profile';
import { JurisdictionsController } from './http/jurisdictions.controller';
import { CommunityProfileController } from './http/profile.controller';
import { CommunityLocationController } from './http/location.controller';

/**
 * The jurisdictions bounded context: the registry's HTTP face (the tree itself comes from
 * JurisdictionRegistered events, libs/jurisdictions) and what offices set per community (profile,
 * centre point). Needs EVENT_STORE, READ_STORE, CLOCK, READ_YOUR_WRITES and JURISDICTION_LOOKUP from
 * the composing module.
 */
@Module({
  imports: [CqrsModule],
  controllers: [JurisdictionsController, CommunityProfileController, CommunityLocationController],
  providers: [UpdateCommunityProfileHandler, SetCommunityLocationHandler],
})
export class JurisdictionsModule {
  static readonly projections: readonly Projection[] = [registryProjection];
}
