import { createSecretKey } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard';
import { DevTokenController } from './dev-token.controller';

export interface AuthOptions {
  /** `dev` also serves POST /api/auth/dev-token; any other mode leaves it out (404). */
  readonly mode: 'dev' | 'jwt';
  /** HS256 secret shared with whoever issues tokens. */
  readonly secret: string;
}

@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      // A key object, not the string: given a string, jsonwebtoken first tries it as a public key on
      // every verify and fails (createPublicKey threw: ~2 ms a request, 6 % of a loaded platform's CPU).
      imports: [JwtModule.register({ secret: createSecretKey(Buffer.from(options.secret)), signOptions: { expiresIn: '12h', algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } })],
      controllers: options.mode === 'dev' ? [DevTokenController] : [],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
      exports: [JwtModule],
    };
  }
}
