import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Clock } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { seedRegion } from '@chuangwen/jurisdictions';
import { PROJECTION_HOST, ProjectionHost } from '@chuangwen/projections';
import { createPlatform } from '../bootstrap';
import { PlatformSettings } from '../settings';

/** The embedded platform in this process, for the *.int.spec.ts suites that speak HTTP to it. */
export interface TestPlatform {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  readonly store: EventStore;
  readonly host: ProjectionHost;
  /** Its DATA_DIR, removed by close(). */
  readonly dir: string;
  /** `Authorization: Bearer …` of a dev token (AUTH_MODE=dev). */
  bearer(jurisdiction: string, roles: readonly string[], sub?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the embedded platform on a fresh DATA_DIR (LOG_LEVEL=error unless `settings` says
 * otherwise), seeds `region` if given and waits until the projections caught up. One set-up for the
 * in-process suites, instead of a copy in each.
 */
export async function startPlatform(
  options: { settings?: Partial<PlatformSettings>; clock?: Clock; region?: string; name?: string } = {},
): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), `cw-${options.name ?? 'platform'}-`));
  let app: INestApplication | undefined;
  try {
    const settings = Object.assign(new PlatformSettings(), { DATA_DIR: dir, LOG_LEVEL: 'error' }, options.settings);
    app = await createPlatform(settings, options.clock ? { clock: options.clock } : {});
    await app.init();
    const http = request(app.getHttpServer());
    const store = app.get<EventStore>(EVENT_STORE);
    const host = app.get<ProjectionHost>(PROJECTION_HOST);
    if (options.region !== undefined) {
      await seedRegion(store, options.region);
      await host.waitForCatchUp();
    }
    const started = app;
    return {
      app: started,
      http,
      store,
      host,
      dir,
      bearer: async (jurisdiction, roles, sub = `test-${jurisdiction}`) =>
        `Bearer ${(await http.post('/api/auth/dev-token').send({ sub, jurisdiction, roles }).expect(200)).body.token}`,
      close: async () => {
        await started.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
