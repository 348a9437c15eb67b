import 'reflect-metadata';
import { loadSettings, SettingsError } from '@chuangwen/config';
import { createPlatform } from './bootstrap';
import { DistributedSettings } from './distributed/distributed.settings';
import { exposure, PlatformSettings } from './settings';

async function main(): Promise<void> {
  let settings: PlatformSettings;
  let distributed: DistributedSettings | undefined;
  try {
    settings = loadSettings(PlatformSettings);
    if (settings.MODE === 'distributed') distributed = loadSettings(DistributedSettings);
  } catch (e) {
    if (e instanceof SettingsError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const app = await createPlatform(settings, { distributed });
  await app.listen(settings.PORT, settings.HOST);
  // PORT=0 takes a port the system picks: the line says which (tests and benches read it from here,
  // rather than choosing a free port themselves that another process may take before this one binds).
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : settings.PORT;
  const where = distributed
    ? `services ${distributed.SERVICES}, events on ${distributed.EVENT_STORE}`
    : `data in ${settings.DATA_DIR}`;
  console.log(
    `Chuangwen (${settings.MODE}) is serving on http://${urlHost(settings.HOST)}:${port} (${where}, auth ${settings.AUTH_MODE}); API docs at /docs`,
  );
  console.log(exposure(settings));
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

void main();
