import { loadSettings, SettingsError } from '@chuangwen/config';
import { DistributedSettings, SERVICE_NAMES, servicesOf } from './distributed.settings';

const env = (SERVICES: string) => ({
  SERVICES,
  EVENT_STORE: 'sqlite',
  EVENT_STORE_FILE: '/tmp/events.db',
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27017/chuangwen-test',
});

describe('SERVICES', () => {
  it.each(SERVICE_NAMES.map((name) => [name]))('starts %s alone', (name) => {
    expect(servicesOf(loadSettings(DistributedSettings, env(name)))).toEqual([name]);
  });

  it('starts several in one process, each once', () => {
    expect(servicesOf(loadSettings(DistributedSettings, env('residents,inspections,residents')))).toEqual([
      'inspections',
      'residents',
    ]);
  });

  it.each([['citizens'], ['residents,'], ['residents inspections'], ['']])('refuses %j, naming every service', (s) => {
    expect(() => loadSettings(DistributedSettings, env(s))).toThrow(SettingsError);
    expect(() => loadSettings(DistributedSettings, env(s))).toThrow(
      /SERVICES must list activities, scoring, inspections, volunteers, awards, grid, residents, reports and\/or relay/,
    );
  });
});
