import { SignJWT } from 'jose';
import { loadSettings, SettingsError } from '@chuangwen/config';
import { exposure, PlatformSettings } from './settings';
import { startPlatform, TestPlatform } from './testing/platform';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const settingsError = (env: NodeJS.ProcessEnv): string => {
  try {
    loadSettings(PlatformSettings, env);
  } catch (e) {
    if (e instanceof SettingsError) return e.message;
    throw e;
  }
  return '';
};

describe('safe defaults: where the platform listens', () => {
  it('listens on loopback by default, and says so', () => {
    const s = loadSettings(PlatformSettings, {});
    expect(s.HOST).toBe('127.0.0.1');
    expect(s.AUTH_MODE).toBe('dev');
    expect(exposure(s)).toMatch(/^Listening on 127\.0\.0\.1 only: reachable from this machine/);
  });

  it('refuses dev auth on another interface, naming the settings that allow it', () => {
    for (const HOST of ['0.0.0.0', '::', '192.168.1.20']) {
      const message = settingsError({ HOST });
      expect(message).toMatch(new RegExp(`HOST="${HOST.replace(/\./g, '\\.')}"`));
      expect(message).toMatch(/AUTH_MODE=jwt/);
      expect(message).toMatch(/ALLOW_DEV_AUTH_ON_NETWORK=true/);
    }
    expect(settingsError({ HOST: 'localhost' })).toBe('');
    expect(settingsError({ HOST: '::1' })).toBe('');
  });

  it('opens another interface with AUTH_MODE=jwt, or with the explicit opt-in (and warns)', () => {
    expect(settingsError({ HOST: '0.0.0.0', AUTH_MODE: 'jwt', JWT_SECRET: SECRET, ID_HASH_SECRET: SECRET })).toBe('');
    const optedIn = loadSettings(PlatformSettings, { HOST: '0.0.0.0', ALLOW_DEV_AUTH_ON_NETWORK: 'true' });
    expect(exposure(optedIn)).toMatch(/^WARNING: .*anyone on that network can mint an office token/);
    expect(settingsError({ ALLOW_DEV_AUTH_ON_NETWORK: 'yes' })).toMatch(/ALLOW_DEV_AUTH_ON_NETWORK="yes"/);
  });

  it('in jwt mode needs a secret or a complete OIDC issuer', () => {
    expect(settingsError({ AUTH_MODE: 'jwt', ID_HASH_SECRET: SECRET })).toMatch(/JWT_SECRET/);
    const partial = settingsError({ AUTH_MODE: 'jwt', ID_HASH_SECRET: SECRET, JWKS_URL: 'https://id.example.cn/jwks' });
    expect(partial).toMatch(/JWT_ISSUER is required with JWKS_URL/);
    expect(partial).toMatch(/JWT_AUDIENCE is required with JWKS_URL/);
    expect(partial).not.toMatch(/JWT_SECRET/);
    expect(settingsError({ JWT_ROLE_MAP: '{"cw-office":"mayor"}' })).toMatch(/JWT_ROLE_MAP/);
  });
});

describe('safe defaults over HTTP: headers, token lifetimes, rate limits', () => {
  const platforms: TestPlatform[] = [];
  const boot = async (env: NodeJS.ProcessEnv) => {
    const platform = await startPlatform({
      name: 'safe',
      env: { OVERDUE_SCAN_INTERVAL_MS: '0', GRID_DISPATCH_INTERVAL_MS: '0', EVALUATION_DAY_CHECK_MS: '0', ...env },
    });
    platforms.push(platform);
    return platform.http;
  };
  afterAll(async () => {
    for (const platform of platforms) await platform.close();
  });
  const hs256 = (
    claims: Record<string, unknown>,
    build: (j: SignJWT) => SignJWT = (j) => j.setIssuedAt().setExpirationTime('1h'),
  ) =>
    build(
      new SignJWT({ jurisdiction: '620102', roles: ['office'], ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('office-1'),
    ).sign(new TextEncoder().encode(SECRET));

  it('sends security headers and no x-powered-by', async () => {
    const http = await boot({});
    for (const path of ['/health', '/', '/api/jurisdictions/620102']) {
      const res = await http.get(path);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('refuses a token without exp, and one living longer than JWT_MAX_LIFETIME_S (401)', async () => {
    const http = await boot({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      ID_HASH_SECRET: SECRET,
      JWT_MAX_LIFETIME_S: '3600',
    });
    const read = (token: string) => http.get('/api/scores/620102').set('Authorization', `Bearer ${token}`);
    expect((await read(await hs256({}))).status).not.toBe(401); // 1 h: accepted
    const noExp = await read(await hs256({}, (j) => j.setIssuedAt()));
    expect(noExp.status).toBe(401);
    expect(noExp.body.message).toMatch(/"exp"/);
    const long = await read(await hs256({}, (j) => j.setIssuedAt().setExpirationTime('2h')));
    expect(long.status).toBe(401);
    expect(long.body.message).toMatch(/lifetime \(7200 s\) exceeds the 3600 s allowed/);
    // Without iat the lifetime counts from now: a far exp cannot hide behind a missing iat.
    expect((await read(await hs256({}, (j) => j.setExpirationTime('30d')))).status).toBe(401);
    const expired = await read(
      await hs256({}, (j) =>
        j.setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600),
      ),
    );
    expect(expired.status).toBe(401);
    // jwt mode serves no dev tokens
    await http
      .post('/api/auth/dev-token')
      .send({ sub: 'x', jurisdiction: '620102', roles: ['office'] })
      .expect(404);
  });

  it('dev tokens live no longer than JWT_MAX_LIFETIME_S', async () => {
    const http = await boot({ JWT_MAX_LIFETIME_S: '600' });
    const res = await http
      .post('/api/auth/dev-token')
      .send({ sub: 'x', jurisdiction: '620102', roles: ['office'] })
      .expect(200);
    expect(res.body.expiresIn).toBe(600);
    await http
      .get('/api/scores/620102')
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect((r) => expect(r.status).not.toBe(401));
  });

  it('limits writes per token: the fourth write with one token is 429, another token still writes', async () => {
    const http = await boot({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      ID_HASH_SECRET: SECRET,
      RATE_LIMIT_PER_CLIENT: '0',
      RATE_LIMIT_PER_TOKEN: '3',
    });
    const [a, b] = [await hs256({}), await hs256({ jurisdiction: '620103' })];
    const write = (token: string) => http.post('/api/activities').set('Authorization', `Bearer ${token}`).send({});
    for (let i = 0; i < 3; i++) expect((await write(a)).status).toBe(400);
    const limited = await write(a);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/at most 3 per 60 s/),
    });
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect((await write(b)).status).toBe(400);
    // reads are never limited
    for (let i = 0; i < 5; i++)
      expect((await http.get('/api/jurisdictions/620102').set('Authorization', `Bearer ${a}`)).status).not.toBe(429);
  });

  it('limits writes per client, whatever token they carry, and the grid webhook per key id', async () => {
    const http = await boot({ RATE_LIMIT_PER_CLIENT: '5', RATE_LIMIT_PER_TOKEN: '2' });
    const grid = () =>
      http
        .post('/api/integrations/grid/events')
        .set('X-Grid-Key-Id', 'wg-unknown')
        .set('X-Grid-Timestamp', '1')
        .set('X-Grid-Signature', 'sha256=0')
        .send({});
    expect((await grid()).status).toBe(401);
    expect((await grid()).status).toBe(401);
    expect((await grid()).status).toBe(429); // the third with one grid key id
    const forged = (i: number) => http.post('/api/activities').set('Authorization', `Bearer forged-${i}`).send({});
    expect((await forged(1)).status).toBe(401);
    expect((await forged(2)).status).toBe(401); // five writes from this client so far, the refused one included
    expect((await forged(3)).status).toBe(429);
    expect(
      (await http.post('/api/auth/dev-token').send({ sub: 'x', jurisdiction: '620102', roles: ['office'] })).status,
    ).toBe(429);
  });
});
