import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { seedRegion } from '@chuangwen/jurisdictions';
import { PlatformProcess, ROOT, startPlatformProcess, stopPlatformProcess } from './testing/platform-process';

/**
 * The live write path under concurrent load, killed with SIGKILL mid-stream (the event log's fsync
 * runs off the main thread, read-model checkpoints on a worker): after a restart every command that
 * was answered 201 is in the activity list, and the activity tallies count exactly the ActivityHeld
 * events the log holds — nothing acknowledged lost, nothing applied twice.
 */
describe('SIGKILL under concurrent commands (embedded, as its own process)', () => {
  let dir: string;
  let platform: PlatformProcess | undefined;
  const env = () => ({
    MODE: 'embedded',
    DATA_DIR: dir,
    AUTH_MODE: 'dev',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_CLIENT: '0',
    RATE_LIMIT_PER_TOKEN: '0',
    OVERDUE_SCAN_INTERVAL_MS: '0',
    GRID_DISPATCH_INTERVAL_MS: '0',
  });

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'tools/build.js')], { cwd: ROOT, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'cw-durability-'));
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await seedRegion(store, '620102');
    await store.close();
  }, 120_000);
  afterAll(async () => {
    if (platform) await stopPlatformProcess(platform, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const json = async (p: PlatformProcess, path: string, token: string, body?: unknown) => {
    const res = await fetch(p.url(path), {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('keeps every acknowledged command, and the tallies equal the log after the restart', async () => {
    platform = await startPlatformProcess('embedded', env());
    const mint = await fetch(platform.url('/api/auth/dev-token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'office', jurisdiction: '620102', roles: ['office'] }),
    });
    const token = ((await mint.json()) as { token: string }).token;
    const streets = (await json(platform, '/api/jurisdictions/620102', token)).body.children as { code: string }[];
    const communities = (await json(platform, `/api/jurisdictions/${streets[0].code}`, token)).body.children as {
      code: string;
    }[];
    expect(communities.length).toBeGreaterThan(1);

    const acked: string[] = [];
    let killed = false;
    const writer = async (w: number) => {
      for (let n = 0; !killed; n++) {
        const body = {
          communityCode: communities[(w + n) % communities.length].code,
          kind: 'culture_sports',
          scale: 'ordinary',
          title: `w${w} n${n}`,
          organiser: 'test',
          heldAt: '2025-05-20T09:00:00+08:00',
          participants: 10,
        };
        try {
          const res = await json(platform!, '/api/activities', token, body);
          if (res.status === 201) acked.push(res.body.id as string);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, w) => writer(w));
    while (acked.length < 300) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    await stopPlatformProcess(platform, 'SIGKILL');
    await Promise.all(writers);

    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    const held = (await store.readAll({ maxCount: 1_000_000 })).filter((e) => e.type === 'ActivityHeld');
    await store.close();
    const logged = new Set(held.map((e) => (e.data as { activityId: string }).activityId));
    expect(acked.filter((id) => !logged.has(id))).toEqual([]);

    platform = await startPlatformProcess('embedded', env());
    const again = await fetch(platform.url('/api/auth/dev-token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: 'office', jurisdiction: '620102', roles: ['office'] }),
    });
    const token2 = ((await again.json()) as { token: string }).token;
    // The projections catch up from their checkpoints: the street's tally reaches the log's count and stays there.
    const deadline = Date.now() + 60_000;
    let tally = -1;
    while (Date.now() < deadline) {
      tally = (
        (await json(platform, `/api/scores/${streets[0].code}?year=2025`, token2)).body.activities as { held: number }
      ).held;
      if (tally >= held.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(tally).toBe(held.length);
    const listed = new Set<string>();
    for (let offset = 0; ; offset += 1000) {
      const page = (
        await json(platform, `/api/activities?jurisdictionCode=${streets[0].code}&limit=1000&offset=${offset}`, token2)
      ).body as { items: { activityId: string }[] };
      page.items.forEach((a) => listed.add(a.activityId));
      if (page.items.length < 1000) break;
    }
    expect(acked.filter((id) => !listed.has(id))).toEqual([]);
    expect(listed.size).toBe(held.length);
  }, 180_000);
});
