import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadSettings } from '@chuangwen/config';
import type { Clock } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { seedRegion } from '@chuangwen/jurisdictions';
import { PROJECTION_HOST, ProjectionHost } from '@chuangwen/projections';
import { createPlatform } from '../bootstrap';
import type { DistributedSettings } from '../distributed/distributed.settings';
import { PlatformSettings } from '../settings';

export interface PlatformOptions {
  /**
   * Environment variables, read and validated as main.ts reads them. DATA_DIR is the harness's own;
   * LOG_LEVEL is `error` unless given (here or in `settings`).
   */
  env?: NodeJS.ProcessEnv;
  /** Settings over those, as values. */
  settings?: Partial<PlatformSettings>;
  clock?: Clock;
  /** A jurisdiction to seed (with all below it) before the suite starts. */
  region?: string;
  /** Names the DATA_DIR (`cw-<name>-…`), to tell a leftover apart. */
  name?: string;
  /** Listen on 127.0.0.1, on the port the system gives (`url`), for a browser or `fetch`. */
  listen?: boolean;
  /** A process of the distributed mode instead: its settings, made once the DATA_DIR exists. */
  distributed?: (dir: string) => DistributedSettings | Promise<DistributedSettings>;
}

/** The embedded platform in this process, for the *.int.spec.ts suites that speak HTTP to it. */
export interface TestPlatform {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  readonly store: EventStore;
  readonly host: ProjectionHost;
  /** Its DATA_DIR, removed by close(). */
  readonly dir: string;
  /** `http://127.0.0.1:<port>` with `listen: true`, else ''. */
  readonly url: string;
  /** A dev token (AUTH_MODE=dev). */
  token(jurisdiction: string, roles: readonly string[], sub?: string): Promise<string>;
  /** `Bearer <token>`, for an `Authorization` header. */
  bearer(jurisdiction: string, roles: readonly string[], sub?: string): Promise<string>;
  /** The codes of a jurisdiction's children, as the registry lists them. */
  children(code: string): Promise<string[]>;
  /** Stops this process and starts another on the same DATA_DIR, settings and clock (nothing seeded). */
  restart(): Promise<TestPlatform>;
  close(): Promise<void>;
}

/**
 * Starts the embedded platform on a fresh DATA_DIR (LOG_LEVEL=error unless `settings` says
 * otherwise), seeds `region` if given and waits until the projections caught up. One set-up for the
 * in-process suites, instead of a copy in each.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), `cw-${options.name ?? 'platform'}-`));
  try {
    return await open(dir, options);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function open(dir: string, options: PlatformOptions): Promise<TestPlatform> {
  const env = { LOG_LEVEL: 'error', ...options.env, DATA_DIR: dir };
  const settings = Object.assign(loadSettings(PlatformSettings, env), options.settings);
  const distributed = await options.distributed?.(dir);
  const app = await createPlatform(settings, { clock: options.clock, distributed });
  try {
    if (options.listen) await app.listen(0, '127.0.0.1');
    else await app.init();
    const http = request(app.getHttpServer());
    const store = app.get<EventStore>(EVENT_STORE);
    const host = app.get<ProjectionHost>(PROJECTION_HOST);
    if (options.region !== undefined) await seedRegion(store, options.region);
    // Across processes the projections follow topics: a suite of the distributed mode waits on what it reads.
    if (!distributed) await host.waitForCatchUp();
    const token = async (jurisdiction: string, roles: readonly string[], sub = `test-${jurisdiction}`) =>
      (await http.post('/api/auth/dev-token').send({ sub, jurisdiction, roles }).expect(200)).body.token as string;
    return {
      app,
      http,
      store,
      host,
      dir,
      url: options.listen ? `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` : '',
      token,
      bearer: async (jurisdiction, roles, sub) => `Bearer ${await token(jurisdiction, roles, sub)}`,
      children: async (code) =>
        (await http.get(`/api/jurisdictions/${code}`).expect(200)).body.children.map((c: { code: string }) => c.code),
      restart: async () => {
        await app.close();
        return open(dir, { ...options, region: undefined });
      },
      close: async () => {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await app.close();
    throw e;
  }
}
