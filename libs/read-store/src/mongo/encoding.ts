/**
 * Documents as MongoDB and FerretDB 1.24 store them, and back, in one walk:
 * - field names with '.' or a leading '$' (indicator ids such as 'g1.1'), which both refuse, are
 *   stored with look-alike characters (U+FF0E, U+FF04) and turned back on read;
 * - an array directly inside an array (a fact log's entries are tuples), which FerretDB 1.24 refuses
 *   ("nested arrays are not supported"), is stored as an object `{ '［］': [...] }` and unwrapped on read.
 *   No field name a document brings can read as that wrapper: names starting with '［' (U+FF3B) are
 *   stored with one more in front, so the wrapper's name never comes from a document.
 * `undefined` fields are left to the driver, which omits them (`ignoreUndefined`): absent, not null.
 * Filters and indexes name plain top-level fields with scalar values, so they never meet either form.
 */
const DOT = '\uFF0E';
const DOLLAR = '\uFF04';
const BRACKET = '\uFF3B';
/** The wrapper's only field: an array that was an element of an array. */
export const ARRAY = '\uFF3B\uFF3D';

function encodeName(k: string): string {
  if (k.startsWith(BRACKET)) return BRACKET + k;
  return k.includes('.') || k.startsWith('$') ? k.replace(/\./g, DOT).replace(/^\$/, DOLLAR) : k;
}
function decodeName(k: string): string {
  if (k.startsWith(BRACKET)) return k.slice(1);
  return k.includes(DOT) || k.startsWith(DOLLAR) ? k.replace(/\uFF0E/g, '.').replace(/^\uFF04/, '$') : k;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !(v instanceof Date);

function encode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? { [ARRAY]: encode(v) } : encode(v)));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[encodeName(k)] = encode(value[k]);
  return out;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === ARRAY && Array.isArray(value[ARRAY])) return decode(value[ARRAY]);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[decodeName(k)] = decode(value[k]);
  return out;
}

export const encodeDoc = <T>(doc: T): T => encode(doc) as T;
export const decodeDoc = <T>(doc: T): T => decode(doc) as T;
