import { createRemoteJWKSet, decodeProtectedHeader, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';

/** Where tokens come from: a shared HS256 secret, an OIDC issuer's JWKS, or both. */
export interface TokenSources {
  /** HS256 secret shared with whoever issues tokens (and the dev-token endpoint). */
  readonly secret?: string;
  /** RS256/ES256 tokens of this issuer, for this audience, with keys from its JWKS. */
  readonly oidc?: { readonly issuer: string; readonly audience: string; readonly jwksUrl: string };
  /** A token valid for longer than this (exp − iat, or exp − now without iat) is refused. */
  readonly maxLifetimeSeconds: number;
}

/** The token is not acceptable: 401. */
export class TokenRefused extends Error {}
/** The issuer's keys could not be fetched: not the caller's fault (503). */
export class KeysUnavailable extends Error {}

const ASYMMETRIC = ['RS256', 'ES256'];

/** Tokens verified lately, and for how long one is trusted without checking its signature again. */
const CACHED_TOKENS = 10_000;
const CACHE_SECONDS = 60;

/** Verifies bearer tokens with jose: signature, algorithm, exp (required), nbf, issuer, audience, lifetime. */
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  /**
   * Tokens already verified, by their text: a client sends the same token with every request, and
   * checking its signature again was a twentieth of a command's CPU (docs/benchmarks.md). The
   * signature and the claims are the token's own, so only time can change the answer: a hit is
   * taken only while the token has not expired, at or after the instant it was verified, and for at
   * most a minute (a key the issuer withdraws stops counting within that).
   */
  private readonly verified = new Map<string, { payload: JWTPayload; at: number }>();

  constructor(private readonly sources: TokenSources) {
    if (sources.secret) this.secret = new TextEncoder().encode(sources.secret);
    // jose caches the key set and refetches it (rate-limited) when a token names an unknown kid.
    if (sources.oidc) this.jwks = createRemoteJWKSet(new URL(sources.oidc.jwksUrl), { timeoutDuration: 5000 });
  }

  async verify(token: string, now = new Date()): Promise<JWTPayload> {
    const t = now.getTime();
    const hit = this.verified.get(token);
    if (hit && t >= hit.at && t - hit.at < CACHE_SECONDS * 1000 && t < (hit.payload.exp as number) * 1000)
      return hit.payload;
    if (hit) this.verified.delete(token);
    const payload = await this.verifyAnew(token, now);
    if (this.verified.size >= CACHED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { payload: Object.freeze(payload), at: t });
    return payload;
  }

  private async verifyAnew(token: string, now: Date): Promise<JWTPayload> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenRefused('not a JWT');
    }
    const payload = await this.check(token, alg, now);
    const lifetime = (payload.exp as number) - (payload.iat ?? Math.floor(now.getTime() / 1000));
    if (lifetime > this.sources.maxLifetimeSeconds) {
      throw new TokenRefused(
        `its lifetime (${lifetime} s) exceeds the ${this.sources.maxLifetimeSeconds} s allowed (JWT_MAX_LIFETIME_S)`,
      );
    }
    return payload;
  }

  private async check(token: string, alg: string | undefined, now: Date): Promise<JWTPayload> {
    const common = { requiredClaims: ['exp'], currentDate: now };
    if (alg === 'HS256' && this.secret) {
      try {
        return (await jwtVerify(token, this.secret, { ...common, algorithms: ['HS256'] })).payload;
      } catch (e) {
        throw new TokenRefused((e as Error).message);
      }
    }
    if (alg && ASYMMETRIC.includes(alg) && this.jwks) {
      const { issuer, audience } = this.sources.oidc!;
      try {
        return (await jwtVerify(token, this.jwks, { ...common, algorithms: ASYMMETRIC, issuer, audience })).payload;
      } catch (e) {
        // A timeout or a network error fetching the keys is the server's problem, not a bad token.
        if (e instanceof errors.JWKSTimeout || !(e instanceof errors.JOSEError)) {
          throw new KeysUnavailable(
            `the identity provider's keys (JWKS_URL) cannot be fetched: ${(e as Error).message}`,
          );
        }
        throw new TokenRefused(e.message);
      }
    }
    throw new TokenRefused(`tokens signed with ${alg ?? 'no algorithm'} are not accepted here`);
  }

  /** An HS256 token with the shared secret (the dev-token endpoint), never longer-lived than allowed. */
  async sign(
    claims: Record<string, unknown>,
    subject: string,
    lifetimeSeconds: number,
  ): Promise<{ token: string; expiresIn: number }> {
    if (!this.secret) throw new Error('signing needs a secret');
    const expiresIn = Math.min(lifetimeSeconds, this.sources.maxLifetimeSeconds);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.secret);
    return { token, expiresIn };
  }
}
