import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type request from 'supertest';
import { startPlatform, TestPlatform } from './testing/platform';

// Tokens from a real OpenID provider (oidc-provider, ESM only: a child process), verified through its JWKS.
interface Provider {
  issuer: string;
  otherIssuer: string;
  clientSecret: string;
  api: string;
}

function startProvider(): Promise<{ child: ChildProcess; provider: Provider }> {
  const child = spawn(process.execPath, [join(__dirname, '../test/oidc-provider.mjs')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, provider: JSON.parse(line) as Provider }),
    );
  });
}

describe('auth with an OIDC issuer (JWKS, RS256/ES256, claims mapped)', () => {
  let child: ChildProcess;
  let provider: Provider;
  const platforms: TestPlatform[] = [];
  let http: ReturnType<typeof request>;

  const boot = async (env: NodeJS.ProcessEnv, region?: string) => {
    const platform = await startPlatform({
      name: 'oidc',
      region,
      env: {
        OVERDUE_SCAN_INTERVAL_MS: '0',
        GRID_DISPATCH_INTERVAL_MS: '0',
        EVALUATION_DAY_CHECK_MS: '0',
        AUTH_MODE: 'jwt',
        ID_HASH_SECRET: 'an-identity-key-of-at-least-32-characters',
        JWKS_URL: `${provider.issuer}/jwks`,
        JWT_ISSUER: provider.issuer,
        JWT_AUDIENCE: provider.api,
        JWT_ROLE_CLAIM: 'scope_roles',
        JWT_JURISDICTION_CLAIM: 'chuangwen.jurisdiction',
        JWT_ROLE_MAP: '{"cw-office":"office"}',
        ...env,
      },
    });
    platforms.push(platform);
    return platform;
  };
  /** A real access token: client_credentials grant with a resource indicator (a JWT, signed by the provider). */
  const tokenOf = async (clientId: string, opts: { issuer?: string; resource?: string } = {}): Promise<string> => {
    const res = await fetch(`${opts.issuer ?? provider.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: provider.clientSecret,
        scope: 'api',
        resource: opts.resource ?? provider.api,
      }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token for ${clientId}: ${JSON.stringify(body)}`);
    return body.access_token;
  };
  const scores = (token: string, code = '620102') =>
    http.get(`/api/scores/${code}?year=2025`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    ({ child, provider } = await startProvider());
    http = (await boot({}, '620102')).http;
  }, 180_000); // a child process, a seed and a catch-up: slow on a loaded machine
  afterAll(async () => {
    for (const platform of platforms) await platform.close();
    child?.kill();
  });

  it("accepts the issuer's ES256 and RS256 tokens, with jurisdiction and role from the mapped claims", async () => {
    for (const client of ['office-620102', 'office-620102-rs']) {
      const token = await tokenOf(client);
      const res = await scores(token).expect(200);
      expect(res.body.jurisdiction).toMatchObject({ code: '620102', name: '城关区' });
      // The jurisdiction claim (chuangwen.jurisdiction) bounds what it reads…
      const outside = await scores(token, '321282').expect(403);
      expect(outside.body.message).toMatch(/outside your jurisdiction 620102/);
      // …and cw-office maps to the office role: an office-only write passes the guard to validation.
      const write = await http.post('/api/awards/programs').set('Authorization', `Bearer ${token}`).send({});
      expect(write.status).toBe(400);
    }
  });

  it('refuses a token of another issuer, for another audience, expired or too long-lived (401)', async () => {
    const refused = async (token: string, reason: RegExp) => {
      const res = await scores(token).expect(401);
      expect(res.body.message).toMatch(reason);
    };
    // Same keys, other issuer: the signature holds, the iss does not.
    await refused(await tokenOf('office-620102', { issuer: provider.otherIssuer }), /"iss" claim/);
    await refused(await tokenOf('office-620102', { resource: 'https://another-api.test' }), /"aud" claim/);
    await refused(await tokenOf('office-long-lived'), /lifetime \(604800 s\) exceeds the 86400 s allowed/);
    const expiring = await tokenOf('office-expiring');
    await scores(expiring).expect(200);
    await new Promise((r) => setTimeout(r, 2100));
    await refused(expiring, /"exp" claim timestamp check failed/);
  });

  it('accepts no HS256 token when only an issuer is configured (no secret to forge one with)', async () => {
    const { SignJWT } = await import('jose');
    const forged = await new SignJWT({
      jurisdiction: '620102',
      roles: ['office'],
      chuangwen: { jurisdiction: '620102' },
      scope_roles: 'cw-office',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuedAt()
      .setExpirationTime('1h')
      .setIssuer(provider.issuer)
      .setAudience(provider.api)
      .sign(new TextEncoder().encode('chuangwen-dev-secret-not-for-production-use'));
    const res = await scores(forged).expect(401);
    expect(res.body.message).toMatch(/HS256 are not accepted/);
  });

  it("answers 503, not 401, when the issuer's keys cannot be fetched", async () => {
    const token = await tokenOf('office-620102');
    const down = await boot({ JWKS_URL: 'http://127.0.0.1:9/jwks' });
    const res = await down.http.get('/api/scores/620102').set('Authorization', `Bearer ${token}`).expect(503);
    expect(res.body.message).toMatch(/JWKS_URL\) cannot be fetched/);
  });
});
