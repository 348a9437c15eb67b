import { IsIn, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import type { AuthOptions, Role } from '@chuangwen/auth';
import { ROLES } from '@chuangwen/auth';
import { loadGridClients } from '@chuangwen/grid-link';
import type { GridLinkOptions } from '@chuangwen/grid-link';

/** Settings of the embedded default, from environment variables (validated at start-up). */
export class PlatformSettings {
  /** `embedded`: everything in this process on DATA_DIR. `distributed`: see DistributedSettings. */
  @IsIn(['embedded', 'distributed']) MODE: 'embedded' | 'distributed' = 'embedded';

  @IsInt() @Min(0) @Max(65535) PORT: number = 3000;

  /**
   * Loopback by default: in dev mode anyone who reaches the port can mint an office token. Another
   * interface needs AUTH_MODE=jwt, or ALLOW_DEV_AUTH_ON_NETWORK=true to accept that risk knowingly.
   */
  @IsString()
  @IsNotEmpty()
  @ValidateIf((s: PlatformSettings) => s.AUTH_MODE === 'dev' && s.ALLOW_DEV_AUTH_ON_NETWORK !== 'true')
  @ValidateBy(
    {
      name: 'isLoopbackWithDevAuth',
      validator: { validate: (v: unknown) => typeof v === 'string' && isLoopback(v) },
    },
    {
      message:
        'HOST is not a loopback address while AUTH_MODE=dev lets anyone mint tokens: set AUTH_MODE=jwt, or HOST=127.0.0.1, or ALLOW_DEV_AUTH_ON_NETWORK=true to expose dev tokens knowingly',
    },
  )
  HOST: string = '127.0.0.1';

  /** `true` lets AUTH_MODE=dev listen beyond loopback (a closed network, a container behind 127.0.0.1 ports). */
  @IsIn(['true', 'false']) ALLOW_DEV_AUTH_ON_NETWORK: 'true' | 'false' = 'false';

  /** Where the event store and read models live. */
  @IsString() @IsNotEmpty() DATA_DIR: string = './data';

  /** `dev` serves POST /api/auth/dev-token; `jwt` only accepts tokens signed with JWT_SECRET or by JWT_ISSUER's keys. */
  @IsIn(['dev', 'jwt']) AUTH_MODE: 'dev' | 'jwt' = 'dev';

  /** HS256 secret; in jwt mode required unless tokens come from an OIDC issuer (JWKS_URL). */
  @ValidateIf((s: PlatformSettings) => s.AUTH_MODE !== 'dev' && (s.JWT_SECRET !== '' || s.JWKS_URL === ''))
  @IsString()
  @MinLength(32, {
    message:
      'JWT_SECRET must be at least 32 characters when AUTH_MODE is jwt (or set JWKS_URL, JWT_ISSUER and JWT_AUDIENCE for an OIDC issuer)',
  })
  JWT_SECRET: string = '';

  /** The OIDC issuer's key set (RS256/ES256); with it JWT_ISSUER and JWT_AUDIENCE are required. */
  @ValidateIf((s: PlatformSettings) => s.JWKS_URL !== '')
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'JWKS_URL must be an http(s) URL' },
  )
  JWKS_URL: string = '';

  /** The `iss` a JWKS-signed token must carry, exactly (the provider's issuer identifier). */
  @ValidateIf((s: PlatformSettings) => s.JWKS_URL !== '')
  @IsString()
  @IsNotEmpty({ message: 'JWT_ISSUER is required with JWKS_URL' })
  JWT_ISSUER: string = '';

  /** The `aud` a JWKS-signed token must contain: this API's identifier at the provider. */
  @ValidateIf((s: PlatformSettings) => s.JWKS_URL !== '')
  @IsString()
  @IsNotEmpty({ message: 'JWT_AUDIENCE is required with JWKS_URL' })
  JWT_AUDIENCE: string = '';

  /** Claim (or dotted path, e.g. realm_access.roles) holding the roles: an array, or one string separated by spaces or commas. */
  @IsString() @IsNotEmpty() JWT_ROLE_CLAIM: string = 'roles';

  /** Claim (or dotted path) holding the jurisdiction code. */
  @IsString() @IsNotEmpty() JWT_JURISDICTION_CLAIM: string = 'jurisdiction';

  /** The provider's role names to ours, JSON, e.g. {"cw-office":"office"}; names not listed are taken as they are. */
  @ValidateBy(
    { name: 'isRoleMap', validator: { validate: (v: unknown) => typeof v === 'string' && roleMapOf(v) !== undefined } },
    {
      message: `JWT_ROLE_MAP must be a JSON object whose values are roles (${ROLES.join(', ')})`,
    },
  )
  JWT_ROLE_MAP: string = '{}';

  /** Longest token lifetime accepted (exp − iat, s); a token without exp is always refused. */
  @IsInt() @Min(60) JWT_MAX_LIFETIME_S: number = 86_400;

  /** Rate limits on writes (POST/PUT/PATCH/DELETE, the grid webhook included) per window; 0 turns one off. */
  @IsInt() @Min(1) RATE_LIMIT_WINDOW_S: number = 60;
  /** Writes per window from one client address. */
  @IsInt() @Min(0) RATE_LIMIT_PER_CLIENT: number = 600;
  /** Writes per window with one token (or one grid key id). */
  @IsInt() @Min(0) RATE_LIMIT_PER_TOKEN: number = 300;

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

  /** "Report once": a resident's report within this distance (m) and time (h) of an open one of the same category joins it. */
  @IsInt() @Min(0) @Max(10_000) RESIDENT_DUPLICATE_RADIUS_M: number = 50;
  @IsInt() @Min(0) @Max(24 * 365) RESIDENT_DUPLICATE_WINDOW_H: number = 72;

  /** Days after its closing during which a resident may reopen a report ("closed, not fixed"). */
  @IsInt() @Min(0) @Max(365) RESIDENT_REOPEN_DAYS: number = 30;

  /** Anonymous reports allowed per window (s) per client address and per device; 0 turns a limit off. */
  @IsInt() @Min(1) RESIDENT_REPORT_WINDOW_S: number = 3600;
  @IsInt() @Min(0) RESIDENT_REPORTS_PER_CLIENT: number = 30;
  @IsInt() @Min(0) RESIDENT_REPORTS_PER_DEVICE: number = 5;

  /** Largest evidence file accepted (bytes); beyond it an upload is a 413 naming `file`. */
  @IsInt() @Min(1) @Max(1024 * 1024 * 1024) EVIDENCE_MAX_BYTES: number = 10 * 1024 * 1024;

  /** How often escalation steps (督办) are looked for (ms); 0 turns it off. */
  @IsInt() @Min(0) ESCALATION_SCAN_INTERVAL_MS: number = 600_000;

  /** How often notifications are delivered to the offices' webhooks (ms); 0 turns it off. */
  @IsInt() @Min(0) NOTIFICATION_DISPATCH_INTERVAL_MS: number = 2_000;

  /** A capture farther than this from its community's centre point is flagged (m). */
  @IsInt() @Min(1) EVIDENCE_MAX_DISTANCE_M: number = 500;
}

/** The residents' context: contact hashing key (the identity key's), duplicate policy, reopen period, abuse limits. */
export const residentsOptions = (s: PlatformSettings) => ({
  contactKey: idHashSecret(s),
  duplicates: { radiusMetres: s.RESIDENT_DUPLICATE_RADIUS_M, windowHours: s.RESIDENT_DUPLICATE_WINDOW_H },
  reopenPeriodDays: s.RESIDENT_REOPEN_DAYS,
  limits: {
    windowSeconds: s.RESIDENT_REPORT_WINDOW_S,
    perClient: s.RESIDENT_REPORTS_PER_CLIENT,
    perDevice: s.RESIDENT_REPORTS_PER_DEVICE,
  },
});

/** The evidence service's limits. */
export const evidenceOptions = (s: PlatformSettings) => ({
  maxBytes: s.EVIDENCE_MAX_BYTES,
  maxDistanceMetres: s.EVIDENCE_MAX_DISTANCE_M,
});

/** The grid link's options: its clients (GRID_CLIENTS or GRID_CLIENTS_FILE) and timings. */
export const gridLinkOptions = (s: PlatformSettings, kafka?: GridLinkOptions['kafka']): Partial<GridLinkOptions> => ({
  clients: loadGridClients(s.GRID_CLIENTS, s.GRID_CLIENTS_FILE || undefined),
  dispatchIntervalMs: s.GRID_DISPATCH_INTERVAL_MS,
  signatureToleranceSeconds: s.GRID_SIGNATURE_TOLERANCE_S,
  ...(kafka ? { kafka } : {}),
});

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Who can reach this process, said at start-up: dev tokens are for this machine only unless opted in. */
export function exposure(s: PlatformSettings): string {
  if (isLoopback(s.HOST))
    return `Listening on ${s.HOST} only: reachable from this machine${s.AUTH_MODE === 'dev' ? ' (AUTH_MODE=dev mints tokens for anyone who reaches it; set AUTH_MODE=jwt to open another interface)' : ''}.`;
  if (s.AUTH_MODE === 'dev')
    return `WARNING: listening on ${s.HOST} with AUTH_MODE=dev (ALLOW_DEV_AUTH_ON_NETWORK=true): anyone on that network can mint an office token.`;
  return `Listening on ${s.HOST}; tokens are verified (AUTH_MODE=jwt).`;
}

function roleMapOf(json: string): Record<string, Role> | undefined {
  try {
    const map: unknown = JSON.parse(json);
    if (!map || typeof map !== 'object' || Array.isArray(map)) return undefined;
    return Object.values(map).every((r) => (ROLES as readonly unknown[]).includes(r))
      ? (map as Record<string, Role>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** In dev mode without a secret, a fixed one: tokens then survive restarts of a local platform. */
export const jwtSecret = (s: PlatformSettings): string => s.JWT_SECRET || 'chuangwen-dev-secret-not-for-production-use';

/** Who may call, from the settings: the shared secret, the OIDC issuer, the claims, the rate limits. */
export const authOptions = (s: PlatformSettings): AuthOptions => ({
  mode: s.AUTH_MODE,
  // jwt mode with only an OIDC issuer accepts no HS256 token at all: no secret to forge one with.
  secret: s.AUTH_MODE === 'dev' || s.JWT_SECRET ? jwtSecret(s) : undefined,
  oidc: s.JWKS_URL ? { issuer: s.JWT_ISSUER, audience: s.JWT_AUDIENCE, jwksUrl: s.JWKS_URL } : undefined,
  maxLifetimeSeconds: s.JWT_MAX_LIFETIME_S,
  claims: { role: s.JWT_ROLE_CLAIM, jurisdiction: s.JWT_JURISDICTION_CLAIM, roleMap: roleMapOf(s.JWT_ROLE_MAP) },
  rateLimits: {
    windowSeconds: s.RATE_LIMIT_WINDOW_S,
    perClient: s.RATE_LIMIT_PER_CLIENT,
    perToken: s.RATE_LIMIT_PER_TOKEN,
  },
});

/** In dev mode without a key, a fixed one: hashes stay comparable across restarts of a local platform. */
export const idHashSecret = (s: PlatformSettings): string =>
  s.ID_HASH_SECRET || 'chuangwen-dev-identity-key-not-for-production';
