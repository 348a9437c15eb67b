import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthGuard, CLAIM_MAPPING } from './auth.guard';
import { ClaimMapping, DEFAULT_CLAIMS } from './claims';
import { DevTokenController } from './dev-token.controller';
import { RateLimits, throttlerOptions, WriteThrottlerGuard } from './rate-limit';
import { TokenSources, TokenVerifier } from './token-verifier';

export interface AuthOptions extends TokenSources {
  /** `dev` also serves POST /api/auth/dev-token (signed with `secret`); `jwt` leaves it out (404). */
  readonly mode: 'dev' | 'jwt';
  readonly claims?: ClaimMapping;
  readonly rateLimits: RateLimits;
}

@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    const limited = options.rateLimits.perClient > 0 || options.rateLimits.perToken > 0;
    return {
      module: AuthModule,
      global: true,
      imports: [ThrottlerModule.forRoot(throttlerOptions(options.rateLimits))],
      controllers: options.mode === 'dev' ? [DevTokenController] : [],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(options) },
        { provide: CLAIM_MAPPING, useValue: options.claims ?? DEFAULT_CLAIMS },
        // Guards run in this order: a flood is cut before any token is checked.
        ...(limited ? [{ provide: APP_GUARD, useClass: WriteThrottlerGuard }] : []),
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
