import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import type { EventCatalog } from '../catalog';

/** The repository root, from the sources (jest) or from dist/ (npm run schemas): it holds tsconfig.base.json and libs/. */
function repoRoot(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.base.json')) && existsSync(join(dir, 'libs', 'contracts', 'src', 'index.ts')))
      return dir;
  }
  throw new Error(`no repository root above ${from}`);
}
const BASE = 'https://chuangwen.dev/schemas';

export type SchemaFiles = Map<string, object>;

/**
 * JSON Schemas generated from the TypeScript contracts, so the docs cannot drift from the code:
 * the envelope (`envelope.json`), and one schema per event type and version
 * (`events/<Type>.v<N>.json`) from the TypeScript type named after the event (`<Type>V<n>` for
 * a superseded version).
 * Run by `npm run schemas`; a spec fails when the checked-in files differ.
 */
export function generateEventSchemas(catalog: EventCatalog): SchemaFiles {
  const ROOT = repoRoot();
  const generator = createGenerator({
    path: join(ROOT, 'libs/contracts/src/index.ts'),
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    type: '*',
    skipTypeCheck: true,
    expose: 'none',
    topRef: false,
    jsDoc: 'extended',
    additionalProperties: false,
    sortProps: true,
  });
  const files: SchemaFiles = new Map();
  files.set('envelope.json', {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${BASE}/envelope.json`,
    title: 'Stored event envelope (what readers of the log and the exports see)',
    ...withoutSchemaKey(generator.createSchema('StoredEventFields')),
  });
  const missing: string[] = [];
  for (const spec of [...catalog.all()].sort((a, b) => a.type.localeCompare(b.type))) {
    // Older versions stay documented: their types are kept as `<Type>V<n>` beside the current one.
    for (let version = 1; version <= spec.currentVersion; version++) {
      const typeName = version === spec.currentVersion ? spec.type : `${spec.type}V${version}`;
      let schema: object;
      try {
        schema = generator.createSchema(typeName);
      } catch {
        missing.push(typeName);
        continue;
      }
      const name = `events/${spec.type}.v${version}.json`;
      // The TypeScript type says `version: number`; the file is for one version.
      const properties = (schema as { properties?: Record<string, unknown> }).properties;
      if (properties?.version) properties.version = { type: 'integer', const: version };
      files.set(name, {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $id: `${BASE}/${name}`,
        title: `${spec.type} v${version} (${spec.context})${version < spec.currentVersion ? ', superseded: readers receive it upcast' : ''}`,
        description: spec.description,
        ...withoutSchemaKey(schema),
      });
    }
  }
  if (missing.length > 0)
    throw new Error(
      `no exported TypeScript type for these events (and versions) in libs/contracts: ${missing.join(', ')}`,
    );
  return files;
}

function withoutSchemaKey(schema: object): object {
  const { $schema: _, ...rest } = schema as Record<string, unknown>;
  return rest;
}
