import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Standard } from './types';
import { validateStandard } from './validate';

/** The only file of the engine that does I/O: it reads the standards shipped in the repository. */

/** standards/ at the repository root, found from here whether running from sources or from dist/. */
export function shippedStandardsDir(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'standards');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no standards/ directory above ${from}`);
  }
}

/** Reads and validates every standards/*.json; throws listing each error with its file and path. */
export function loadShippedStandards(dir = shippedStandardsDir()): Standard[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const standards: Standard[] = [];
  const problems: string[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (e) {
      problems.push(`${file}: not JSON: ${(e as Error).message}`);
      continue;
    }
    const result = validateStandard(doc);
    if (result.ok) standards.push(result.standard);
    else problems.push(...result.errors.map((e) => `${file}: ${e.path || '(document)'}: ${e.message}`));
  }
  if (problems.length) throw new Error(`invalid shipped standards:\n${problems.join('\n')}`);
  return standards;
}
