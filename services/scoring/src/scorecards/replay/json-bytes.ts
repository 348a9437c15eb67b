/**
 * `JSON.stringify(values)` written as UTF-8 straight into a buffer, for arrays of plain values
 * (fact-log entries): integers and plain ASCII strings byte by byte, anything else through
 * JSON.stringify. Same bytes as `Buffer.from(JSON.stringify(values))` (spec), without the string
 * in between: serialising ten million entries with JSON.stringify and writing them out was a sixth
 * of the first pass. Returns the bytes written, or -1 when they do not fit before `end`.
 */
export function writeJsonArray(buf: Buffer, at: number, end: number, values: readonly unknown[]): number {
  let n = at;
  if (n >= end) return -1;
  buf[n++] = 0x5b; // [
  for (let i = 0; i < values.length; i++) {
    if (i > 0) {
      if (n >= end) return -1;
      buf[n++] = 0x2c; // ,
    }
    n = writeValue(buf, n, end, values[i]);
    if (n < 0) return -1;
  }
  if (n >= end) return -1;
  buf[n++] = 0x5d; // ]
  return n - at;
}

function writeValue(buf: Buffer, n: number, end: number, v: unknown): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return writeInteger(buf, n, end, v);
  if (typeof v === 'string') {
    const plain = writePlainString(buf, n, end, v);
    if (plain !== -2) return plain;
  }
  const text = v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : JSON.stringify(v);
  if (n + text.length * 3 > end && n + Buffer.byteLength(text) > end) return -1;
  return n + buf.write(text, n, 'utf8');
}

function writeInteger(buf: Buffer, n: number, end: number, v: number): number {
  if (v < 0) {
    if (n >= end) return -1;
    buf[n++] = 0x2d; // -
    v = -v;
  }
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  if (n + digits > end) return -1;
  for (let k = n + digits - 1; k >= n; k--) {
    const q = Math.floor(v / 10);
    buf[k] = 0x30 + (v - q * 10);
    v = q;
  }
  return n + digits;
}

/** A string of printable ASCII without quote or backslash, quoted; -2 for any other (left to JSON.stringify). */
function writePlainString(buf: Buffer, n: number, end: number, s: string): number {
  if (n + s.length + 2 > end) return -1;
  buf[n] = 0x22;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return -2;
    buf[n + 1 + i] = c;
  }
  buf[n + 1 + s.length] = 0x22;
  return n + s.length + 2;
}
