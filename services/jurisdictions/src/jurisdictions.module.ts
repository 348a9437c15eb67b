import { Module } from '@nestjs/common';
import type { Projection } from '@chuangwen/projections';
import { registryProjection } from '@chuangwen/jurisdictions';
import { JurisdictionsController } from './http/jurisdictions.controller';
import { CommunityProfileController } from './http/profile.controller';
import { CommunityLocationController } from './http/location.controller';

/** The registry's HTTP face; the tree itself comes from JurisdictionRegistered events. */
@Module({ controllers: [JurisdictionsController, CommunityProfileController, CommunityLocationController] })
export class JurisdictionsModule {
  static readonly projections: readonly Projection[] = [registryProjection];
}
