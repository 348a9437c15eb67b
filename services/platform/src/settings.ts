import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { loadGridClients } from '@chuangwen/grid-link';
import type { GridLinkOptions } from '@chuangwen/grid-link';

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

  /** How often scoring looks whether a new China day began, to re-evaluate what time alone changes (ms); 0 turns it off. */
  @IsInt() @Min(0) EVALUATION_DAY_CHECK_MS: number = 600_000;

  /**
   * Grid clients (JSON array: keyId, secret, jurisdiction, endpoints), or a JSON file holding it.
   * Checked by the grid link at start-up, whose errors never show a secret (a validator here would).
   */
  @IsString() GRID_CLIENTS: string = '';
  @IsString() GRID_CLIENTS_FILE: string = '';

  /** How often the grid link delivers its outbox (ms); 0 turns the timer off. */
  @IsInt() @Min(0) GRID_DISPATCH_INTERVAL_MS: number = 2_000;

  /** How far a grid request's signed timestamp may be from the server's clock (s). */
  @IsInt() @Min(1) GRID_SIGNATURE_TOLERANCE_S: number = 300;
}

/** The grid link's options: its clients (GRID_CLIENTS or GRID_CLIENTS_FILE) and timings. */
export const gridLinkOptions = (s: PlatformSettings, kafka?: GridLinkOptions['kafka']): Partial<GridLinkOptions> => ({
  clients: loadGridClients(s.GRID_CLIENTS, s.GRID_CLIENTS_FILE || undefined),
  dispatchIntervalMs: s.GRID_DISPATCH_INTERVAL_MS,
  signatureToleranceSeconds: s.GRID_SIGNATURE_TOLERANCE_S,
  ...(kafka ? { kafka } : {}),
});

/** In dev mode without a secret, a fixed one: tokens then survive restarts of a local platform. */
export const jwtSecret = (s: PlatformSettings): string => s.JWT_SECRET || 'chuangwen-dev-secret-not-for-production-use';

/** In dev mode without a key, a fixed one: hashes stay comparable across restarts of a local platform. */
export const idHashSecret = (s: PlatformSettings): string => s.ID_HASH_SECRET || 'chuangwen-dev-identity-key-not-for-production';
