import 'reflect-metadata';
import { loadSettings, SettingsError } from '@chuangwen/config';
import { createPlatform } from './bootstrap';
import { PlatformSettings } from './settings';

async function main(): Promise<void> {
  let settings: PlatformSettings;
  try {
    settings = loadSettings(PlatformSettings);
  } catch (e) {
    if (e instanceof SettingsError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const app = await createPlatform(settings);
  await app.listen(settings.PORT, settings.HOST);
  console.log(`Chuangwen is serving on http://localhost:${settings.PORT} (data in ${settings.DATA_DIR}, auth ${settings.AUTH_MODE}); API docs at /docs`);
}

void main();
