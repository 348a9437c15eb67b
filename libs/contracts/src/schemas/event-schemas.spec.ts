import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformEventCatalog } from '../platform-catalog';
import { generateEventSchemas } from './generate-schemas';

const DIR = join(__dirname, '..', '..', '..', '..', 'docs', 'schemas');

describe('JSON Schemas of the events (docs/schemas), generated from the contracts', () => {
  const generated = generateEventSchemas(platformEventCatalog());

  it('has one schema per event type and current version, and the envelope', () => {
    const expected = platformEventCatalog()
      .all()
      .flatMap((s) => Array.from({ length: s.currentVersion }, (_, i) => `events/${s.type}.v${i + 1}.json`));
    expect([...generated.keys()].sort()).toEqual(['envelope.json', ...expected].sort());
  });

  it('matches the checked-in files exactly (run `npm run schemas` after changing a contract)', () => {
    const onDisk = readdirSync(join(DIR, 'events'))
      .map((f) => `events/${f}`)
      .concat('envelope.json');
    expect(onDisk.sort()).toEqual([...generated.keys()].sort());
    for (const [name, schema] of generated) {
      expect({ name, schema: JSON.parse(readFileSync(join(DIR, name), 'utf8')) }).toEqual({ name, schema });
    }
  });

  it('pins type and version, and describes the data of the event', () => {
    const survey = generated.get('events/SurveyRecorded.v2.json') as {
      properties: Record<string, any>;
      required: string[];
    };
    expect(survey.properties.type).toEqual({ type: 'string', const: 'SurveyRecorded' });
    expect(survey.properties.version).toEqual({ type: 'integer', const: 2 });
    expect(survey.properties.data.required).toEqual(
      expect.arrayContaining(['communityCode', 'sampleSize', 'positive', 'rate', 'periodStart']),
    );
    // The superseded version keeps its own file, without the field it lacked.
    const v1 = generated.get('events/SurveyRecorded.v1.json') as { properties: Record<string, any> };
    expect(v1.properties.version).toEqual({ type: 'integer', const: 1 });
    expect(v1.properties.data.required).not.toContain('periodStart');
  });
});
