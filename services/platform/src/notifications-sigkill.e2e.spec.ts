import { execFileSync } from 'node:child_process';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { verifySignature } from '@chuangwen/grid-link';
import { seedRegion } from '@chuangwen/jurisdictions';
import { PlatformProcess, ROOT, startPlatformProcess, stopPlatformProcess } from './testing/platform-process';

const until = async <T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * No notification is lost when the process dies: the platform is killed (SIGKILL) while an office's
 * system refuses its deliveries; the next process on the same data delivers them, once each.
 */
describe('notifications survive a SIGKILL (embedded, as its own process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-notify-kill-'));
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let down = true;
  let attempts = 0;
  let server: Server;
  let url = '';
  let platform: PlatformProcess | undefined;
  const env = {
    MODE: 'embedded',
    DATA_DIR: dir,
    AUTH_MODE: 'dev',
    LOG_LEVEL: 'error',
    NOTIFICATION_DISPATCH_INTERVAL_MS: '100',
    OVERDUE_SCAN_INTERVAL_MS: '0',
    ESCALATION_SCAN_INTERVAL_MS: '0',
  };
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(platform!.url(path), {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const token = async (sub: string, jurisdiction: string, role: string) =>
    (await call('POST', '/api/auth/dev-token', undefined, { sub, jurisdiction, roles: [role] })).body.token as string;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'tools/build.js')], { cwd: ROOT, stdio: 'ignore' });
    const store = new SqliteEventStore({ file: join(dir, 'events.db') });
    await seedRegion(store, '620102');
    await store.close();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        attempts++;
        if (down) return void res.writeHead(503).end();
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }, 120_000);
  afterAll(async () => {
    if (platform) await stopPlatformProcess(platform, 'SIGKILL');
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers after the restart what the killed process could not', async () => {
    platform = await startPlatformProcess('embedded', env);
    const street = await until('the registry', 60_000, async () => {
      const r = await call('GET', '/api/jurisdictions/620102001');
      return r.status === 200 && r.body.children?.length ? r.body : undefined;
    });
    const community = street.children[0].code as string;
    const [office, inspector, streetOffice] = [
      await token('office', '620102', 'office'),
      await token('inspector', '620102', 'inspector'),
      await token('street', '620102001', 'street'),
    ];
    const hook = await call('POST', '/api/notifications/webhooks', office, { url, jurisdictionCode: '620102' });
    expect(hook.status).toBe(201);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const problem = await call('POST', '/api/problems', inspector, {
      communityCode: community,
      category: 'random_piling',
      description: '楼道堆物',
      source: 'inspector',
      foundOn: today,
    });
    expect(problem.status).toBe(201);
    expect(
      (
        await call('POST', '/api/rectifications', streetOffice, {
          problemId: problem.body.id,
          deadline: today,
          requirements: '清理楼道',
        })
      ).status,
    ).toBe(201);
    await until('a refused delivery', 30_000, async () => (attempts > 0 ? true : undefined));

    const killed = await stopPlatformProcess(platform, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(received).toHaveLength(0);

    down = false;
    platform = await startPlatformProcess('embedded again', env);
    await until('the delivery after the restart', 60_000, async () => (received.length ? true : undefined));
    await new Promise((r) => setTimeout(r, 500)); // a second copy would come within a few dispatch intervals
    expect(received).toHaveLength(1);
    const event = JSON.parse(received[0].body);
    expect(event).toMatchObject({
      type: 'cn.chuangwen.notification.rectification-notice',
      subject: problem.body.id,
      data: { recipient: community, body: '请于' + today + '前完成整改：清理楼道' },
    });
    const h = received[0].headers;
    expect(
      verifySignature({
        secret: hook.body.secret,
        timestamp: h['x-chuangwen-timestamp'] as string,
        signature: h['x-chuangwen-signature'] as string,
        body: received[0].body,
      }),
    ).toEqual({ ok: true });
    const inbox = await call('GET', `/api/notifications?jurisdictionCode=${community}`, office);
    expect(inbox.body).toMatchObject({ total: 1, unread: 1, items: [{ id: event.id, kind: 'rectification_notice' }] });
  }, 240_000);
});
