import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { seedRegion } from '@chuangwen/jurisdictions';

/** One embedded platform under test: its own data directory, seeded, on a port the OS gave it (PORT=0). */
export interface RunningPlatform {
  readonly label: string;
  readonly url: string;
  readonly tokens: readonly string[];
  readonly communities: readonly string[];
  /** CPU time the platform's process has used so far (user + system, ms; NaN where /proc is missing). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Starts a built platform (`main`: a dist/services/platform/src/main.js, this checkout's or another
 * build's for a side-by-side run), seeds `region` into its fresh DATA_DIR first, waits until it is
 * healthy and its registry lists the region's committees, and mints `tokens` dev tokens (one per
 * recording office; the load spreads its requests over them). `nodeArgs`: e.g. `--cpu-prof`.
 */
export async function startPlatform(options: {
  label: string;
  main: string;
  region: string;
  tokens: number;
  nodeArgs?: readonly string[];
}): Promise<RunningPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-live-'));
  const store = new SqliteEventStore({ file: join(dir, 'events.db') });
  await seedRegion(store, options.region);
  await store.close();
  // PORT=0: the platform binds a port the system picks and names it in its ready line (a free port
  // chosen here and handed over could be taken by another process in between: EADDRINUSE).
  const env = {
    ...process.env,
    MODE: 'embedded',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    AUTH_MODE: 'dev',
    LOG_LEVEL: 'error',
    OVERDUE_SCAN_INTERVAL_MS: '0',
    GRID_DISPATCH_INTERVAL_MS: '0',
    // The write limiter (429 past 300 writes a minute per token) would answer for the platform: off.
    RATE_LIMIT_PER_CLIENT: '0',
    RATE_LIMIT_PER_TOKEN: '0',
  };
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), options.main], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${options.label}: the platform exited (${code})`))),
  );
  exited.catch(() => undefined);
  let url: string;
  const stop = async () => {
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    url = `http://127.0.0.1:${await Promise.race([readyPort(child), exited])}`;
    await Promise.race([ready(url), exited]);
    const tokens: string[] = [];
    for (let i = 0; i < options.tokens; i++) {
      const body = await post(url, '/api/auth/dev-token', {
        sub: `bench-office-${i}`,
        jurisdiction: options.region,
        roles: ['office'],
      });
      tokens.push((body as { token: string }).token);
    }
    return {
      label: options.label,
      url,
      tokens,
      communities: await communitiesOf(url, options.region),
      cpuMs: () => cpuMsOf(child.pid!),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * A floor for the side-by-side run (floor-server.ts): `express` alone, or `nest` with the
 * platform's pipe, answering the same requests with nothing behind them. It accepts any token and
 * any committee, so the load is the one the platform gets. PORT=0 and its ready line, as the platform.
 */
export async function startFloor(kind: 'express' | 'nest'): Promise<RunningPlatform> {
  const server = join(__dirname, 'floor-server.js');
  const child: ChildProcess = spawn(process.execPath, [server, kind], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${kind} floor exited (${code})`))),
  );
  exited.catch(() => undefined);
  const stop = async () => {
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };
  try {
    const url = `http://127.0.0.1:${await Promise.race([readyPort(child), exited])}`;
    await Promise.race([ready(url), exited]);
    const communities = Array.from(
      { length: 181 },
      (_, i) => `620102${String(1 + (i % 18)).padStart(3, '0')}${String(1 + Math.floor(i / 18)).padStart(3, '0')}`,
    );
    return {
      label: `${kind} alone (floor)`,
      url,
      tokens: ['floor'],
      communities,
      cpuMs: () => cpuMsOf(child.pid!),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** The port main.ts names in its ready line (`… is serving on http://127.0.0.1:<port> …`); stdout is drained after. */
function readyPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    let output = '';
    const onData = (d: Buffer) => {
      output += d;
      const m = /is serving on http:\/\/(?:[^/\s]+):(\d+)/.exec(output);
      if (!m) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      resolve(Number(m[1]));
    };
    child.stdout!.on('data', onData);
  });
}

async function ready(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`${url}/health`)
        .then((r) => r.status === 200)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become healthy`);
}

async function post(url: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The district's committees, as its registry serves them (the projection may still be catching up). */
async function communitiesOf(url: string, district: string): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/jurisdictions/${district}`);
    if (res.status === 200) {
      const out: string[] = [];
      for (const s of ((await res.json()) as { children: { code: string }[] }).children) {
        const r = await fetch(`${url}/api/jurisdictions/${s.code}`);
        if (r.status === 200)
          out.push(...((await r.json()) as { children: { code: string }[] }).children.map((c) => c.code));
      }
      if (out.length > 0) return out;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no committees of ${district} in the registry`);
}
