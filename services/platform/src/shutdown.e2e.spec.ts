import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openScoreStream,
  PlatformProcess,
  ROOT,
  startPlatformProcess,
  stopPlatformProcess,
} from './testing/platform-process';

/** Resolves with `what`, or rejects once `ms` passed: a process that never exits fails here, not at jest's timeout. */
const within = <T>(ms: number, what: string, p: Promise<T>) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref()),
  ]);

/**
 * SIGTERM with a live score stream open: the stream is ended and the process exits (it used to wait
 * for the stream forever). The distributed case is in distributed/distributed.e2e.spec.ts.
 */
describe('shutdown with an open score stream (embedded, as its own process)', () => {
  let dir: string;
  let platform: PlatformProcess | undefined;

  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'tools/build.js')], { cwd: ROOT, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'cw-shutdown-'));
  }, 120_000);
  afterAll(async () => {
    if (platform) await stopPlatformProcess(platform, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM ends the stream and the process exits', async () => {
    platform = await startPlatformProcess('embedded', {
      MODE: 'embedded',
      DATA_DIR: dir,
      AUTH_MODE: 'dev',
      LOG_LEVEL: 'warn',
    });
    const res = await fetch(platform.url('/api/auth/dev-token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'office', jurisdiction: '620102', roles: ['office'] }),
    });
    const { token } = (await res.json()) as { token: string };
    const stream = openScoreStream(platform.url(`/api/stream/scores?access_token=${token}`));
    await within(
      20_000,
      'the ready message',
      (async () => {
        while (!stream.text().includes('event: ready')) await new Promise((r) => setTimeout(r, 50));
      })(),
    );
    const exit = await within(30_000, 'exit after SIGTERM', stopPlatformProcess(platform, 'SIGTERM'));
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    await within(5_000, 'the stream ended by the server', stream.ended);
  }, 120_000);
});
