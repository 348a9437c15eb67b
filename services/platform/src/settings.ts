import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';

/** Settings of the embedded default, from environment variables (validated at start-up). */
export class PlatformSettings {
  /** `embedded`: everything in this process on DATA_DIR. `distributed`: see DistributedSettings. */
  @IsIn(['embedded', 'distributed']) MODE: 'embedded' | 'distributed' = 'embedded';

  @IsInt() @Min(0) @Max(65535) PORT: number = 3000;

  @IsString() @IsNotEmpty() HOST: string = '0.0.0.0';

  /** Where the event store and read models live. */
  @IsString() @IsNotEmpty() DATA_DIR: string = './data';

  /** `dev` serves POST /api/auth/dev-token; `jwt` only accepts tokens signed with JWT_SECRET. */
  @IsIn(['dev', 'jwt']) AUTH_MODE: 'dev' | 'jwt' = 'dev';

  @ValidateIf((s: PlatformSettings) => s.AUTH_MODE !== 'dev')
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters when AUTH_MODE is jwt' })
  JWT_SECRET: string = '';

  /** Key of the HMAC that stands in for identity-card numbers (volunteers); required unless AUTH_MODE is dev. */
  @ValidateIf((s: PlatformSettings) => s.AUTH_MODE !== 'dev')
  @IsString()
  @MinLength(32, { message: 'ID_HASH_SECRET must be at least 32 characters when AUTH_MODE is jwt' })
  ID_HASH_SECRET: string = '';

  @IsIn(['error', 'warn', 'log', 'debug']) LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'log';

  /** How often the inspections service looks for rectifications past their deadline (ms); 0 turns it off. */
  @IsInt() @Min(0) OVERDUE_SCAN_INTERVAL_MS: number = 600_000;
}

/** In dev mode without a secret, a fixed one: tokens then survive restarts of a local platform. */
export const jwtSecret = (s: PlatformSettings): string => s.JWT_SECRET || 'chuangwen-dev-secret-not-for-production-use';

/** In dev mode without a key, a fixed one: hashes stay comparable across restarts of a local platform. */
export const idHashSecret = (s: PlatformSettings): string => s.ID_HASH_SECRET || 'chuangwen-dev-identity-key-not-for-production';
