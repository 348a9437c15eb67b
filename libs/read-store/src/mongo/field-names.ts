/**
 * MongoDB (and FerretDB, strictly) refuse field names with '.' or a leading '$', but read models
 * key maps by ids such as indicator 'g1.1'. Such names are stored with look-alike characters
 * (U+FF0E, U+FF04) and turned back on read; filters only name plain top-level fields.
 */
const DOT = '\uFF0E';
const DOLLAR = '\uFF04';

const encodeName = (k: string) => (k.includes('.') || k.startsWith('$') ? k.replace(/\./g, DOT).replace(/^\$/, DOLLAR) : k);
const decodeName = (k: string) => (k.includes(DOT) || k.startsWith(DOLLAR) ? k.replace(/\uFF0E/g, '.').replace(/^\uFF04/, '$') : k);

function mapKeys(value: unknown, rename: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[rename(k)] = mapKeys(v, rename);
  return out;
}

export const encodeKeys = <T>(doc: T): T => mapKeys(doc, encodeName) as T;
export const decodeKeys = <T>(doc: T): T => mapKeys(doc, decodeName) as T;
