/**
 * `npm run schemas`: regenerates docs/schemas/ (JSON Schema of the envelope and of every event type
 * and version) from the TypeScript contracts. CI checks that the files are up to date.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { platformEventCatalog } from '@chuangwen/contracts';
import { generateEventSchemas } from '../libs/contracts/src/schemas/generate-schemas';

export const SCHEMA_DIR = join(__dirname, '..', '..', 'docs', 'schemas');

function main(): void {
  const files = generateEventSchemas(platformEventCatalog());
  rmSync(join(SCHEMA_DIR, 'events'), { recursive: true, force: true });
  for (const [name, schema] of files) {
    const file = join(SCHEMA_DIR, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  }
  console.log(`${files.size} schemas in ${SCHEMA_DIR} (${readdirSync(join(SCHEMA_DIR, 'events')).length} event types)`);
}

if (require.main === module) main();
