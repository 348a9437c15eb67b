import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '@chuangwen/projections';
import { ExecuteVolunteersCommandHandler } from './application/execute-volunteers-command';
import { IDENTITY_KEY, IdentityProtector } from './application/identity-protector';
import { volunteerFiguresProjection } from './application/volunteer-figures.projection';
import { volunteerListProjection } from './application/volunteer-list.projection';
import { VolunteerQueries } from './application/volunteer.queries';
import { VolunteersController } from './http/volunteers.controller';

/**
 * The volunteers bounded context. Needs EVENT_STORE, READ_STORE, CLOCK, READ_YOUR_WRITES and
 * JURISDICTION_LOOKUP from the composing module, and the identity-hash secret.
 */
@Module({})
export class VolunteersModule {
  static readonly projections: readonly Projection[] = [volunteerListProjection, volunteerFiguresProjection];

  static forRoot(options: { identityKey: string }): DynamicModule {
    return {
      module: VolunteersModule,
      imports: [CqrsModule],
      controllers: [VolunteersController],
      providers: [
        ExecuteVolunteersCommandHandler,
        VolunteerQueries,
        IdentityProtector,
        { provide: IDENTITY_KEY, useValue: options.identityKey },
      ],
      exports: [VolunteerQueries],
    };
  }
}
