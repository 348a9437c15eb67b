import { writeJsonArray } from './json-bytes';

/**
 * JSON entries filed by community code, appended in log order and read back per community as
 * one JSON array, kept off the JS heap. An entry is written after the previous one, whatever its
 * community (gathering ten million entries is then one stream through memory: filing each under
 * its community cost two cache misses an entry, a third of the first pass), with its code and place
 * in columns; `sorted()` then orders the entries by code with a stable radix sort, so that each
 * community's entries stay in log order and sit side by side in the columns.
 */
export class EntryLog {
  private readonly chunks: Buffer[] = [];
  private chunk: Buffer = Buffer.allocUnsafe(0);
  private offset = 0;
  /** Per entry: its code as a number (low 32 bits, high bits), its address in the arena, its length in bytes. */
  private lo = new Uint32Array(1 << 12);
  private hi = new Uint16Array(1 << 12);
  private at = new Float64Array(1 << 12);
  private bytes = new Uint32Array(1 << 12);
  private n = 0;
  /** Codes that are not 12 digits (test fixtures, foreign data), numbered as they come. */
  private readonly others = new Map<string, number>();
  private spent = false;

  constructor(private readonly chunkBytes = 64 * 2 ** 20) {}

  get size(): number {
    return this.n;
  }

  /** Files `entry` (an array of plain values, written as its JSON text) under `code`. */
  append(code: string, entry: readonly unknown[]): void {
    if (this.spent) throw new Error('entry log: appended to after sorted()');
    if (this.n === this.lo.length) this.grow();
    let key = digits12(code);
    if (key < 0) {
      if (!this.others.has(code)) this.others.set(code, this.others.size);
      key = OTHERS + this.others.get(code)!;
    }
    let written = writeJsonArray(this.chunk, this.offset, this.chunk.length, entry);
    if (written < 0) {
      this.newChunk();
      written = writeJsonArray(this.chunk, 0, this.chunk.length, entry);
      if (written < 0) throw new Error(`entry ${JSON.stringify(entry).slice(0, 80)}… is larger than a chunk`);
    }
    this.lo[this.n] = key >>> 0;
    this.hi[this.n] = Math.floor(key / 2 ** 32);
    this.at[this.n] = (this.chunks.length - 1) * this.chunkBytes + this.offset;
    this.bytes[this.n++] = written;
    this.offset += written;
  }

  /** The entries by code (12-digit codes in order, then the others in string order); the log is spent. */
  sorted(): SortedEntries {
    const rank = [...this.others.keys()].sort();
    if (rank.length) {
      const renumber = new Uint32Array(rank.length);
      rank.forEach((code, r) => (renumber[this.others.get(code)!] = r));
      for (let i = 0; i < this.n; i++) if (this.hi[i] >= OTHERS / 2 ** 32) this.lo[i] = renumber[this.lo[i]];
    }
    const { lo, hi, at, bytes } = radixSort({ lo: this.lo, hi: this.hi, at: this.at, bytes: this.bytes }, this.n);
    this.spent = true;
    this.lo = new Uint32Array(0);
    this.hi = new Uint16Array(0);
    this.at = new Float64Array(0);
    this.bytes = new Uint32Array(0);
    const starts: number[] = [];
    const codes: string[] = [];
    for (let j = 0; j < lo.length; j++) {
      if (j > 0 && lo[j] === lo[j - 1] && hi[j] === hi[j - 1]) continue;
      starts.push(j);
      codes.push(hi[j] >= OTHERS / 2 ** 32 ? rank[lo[j]] : String(hi[j] * 2 ** 32 + lo[j] - 1).padStart(12, '0'));
    }
    starts.push(this.n);
    const shared: SharedEntries = {
      chunkBytes: this.chunkBytes,
      chunks: this.chunks.map((c) => c.buffer as SharedArrayBuffer),
      at,
      bytes,
      starts: Int32Array.from(starts),
      codes,
    };
    return new SortedEntries(shared);
  }

  private grow(): void {
    const size = this.lo.length * 2;
    const lo = new Uint32Array(size);
    const hi = new Uint16Array(size);
    const at = new Float64Array(size);
    const bytes = new Uint32Array(size);
    lo.set(this.lo);
    hi.set(this.hi);
    at.set(this.at);
    bytes.set(this.bytes);
    [this.lo, this.hi, this.at, this.bytes] = [lo, hi, at, bytes];
  }

  private newChunk(): void {
    this.chunk = Buffer.from(new SharedArrayBuffer(this.chunkBytes));
    this.chunks.push(this.chunk);
    this.offset = 0;
  }
}

/** What another thread needs to read sorted entries (shared memory, not copied). */
export interface SharedEntries {
  readonly chunkBytes: number;
  readonly chunks: SharedArrayBuffer[];
  /** Address and length of each entry, in code order. */
  readonly at: Float64Array;
  readonly bytes: Uint32Array;
  /** Where each code's entries start in `at`/`bytes` (one more at the end). */
  readonly starts: Int32Array;
  /** The distinct codes, in order. */
  readonly codes: readonly string[];
}

/** Entries sorted by code: the i-th code's entries as one JSON array. */
export class SortedEntries {
  private readonly chunks: Buffer[];
  private scratch = Buffer.allocUnsafe(1 << 16);

  constructor(private readonly s: SharedEntries) {
    this.chunks = s.chunks.map((b) => Buffer.from(b));
  }

  get codes(): readonly string[] {
    return this.s.codes;
  }

  shared(): SharedEntries {
    return this.s;
  }

  /** The entries of `codes[i]`, oldest first: `[entry,entry,…]`. */
  json(i: number): string {
    const { at, bytes, starts, chunkBytes } = this.s;
    const from = starts[i];
    const to = starts[i + 1];
    let size = 2 + to - from;
    for (let j = from; j < to; j++) size += bytes[j];
    if (this.scratch.length < size) this.scratch = Buffer.allocUnsafe(Math.max(size, this.scratch.length * 2));
    const out = this.scratch;
    let n = 0;
    out[n++] = 0x5b; // [
    for (let j = from; j < to; j++) {
      if (j > from) out[n++] = 0x2c; // ,
      // Byte by byte: entries are a few dozen bytes, below what Buffer.copy's checks cost.
      const chunk = this.chunks[Math.floor(at[j] / chunkBytes)];
      for (let a = at[j] % chunkBytes, end = a + bytes[j]; a < end;) out[n++] = chunk[a++];
    }
    out[n++] = 0x5d; // ]
    return out.toString('utf8', 0, n);
  }
}

/** The order of `sorted()`'s codes: 12-digit codes first (by value), then the others as strings. */
export function compareCodes(a: string, b: string): number {
  const [da, db] = [digits12(a) >= 0, digits12(b) >= 0];
  if (da !== db) return da ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keys of codes that are not 12 digits: above every 12-digit code (< 10^12 + 1 < 2^40). */
const OTHERS = 2 ** 41;

/** The value of a 12-digit code plus one (0 is never a key), or -1 for anything else. */
function digits12(code: string): number {
  if (code.length !== 12) return -1;
  let n = 0;
  for (let i = 0; i < 12; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n + 1;
}

interface Columns {
  lo: Uint32Array;
  hi: Uint16Array;
  at: Float64Array;
  bytes: Uint32Array;
}

/**
 * The first `n` entries' columns ordered by key (hi·2³² + lo, under 2⁴²), stable: four counting
 * passes of 11 bits each, least significant first (each keeps the order of the one before among
 * equal digits). Whole rows move, so every pass reads its input in sequence; `at` and `bytes` end
 * in shared memory.
 */
function radixSort(input: Columns, n: number): Columns {
  const shared = <T extends Float64Array | Uint32Array>(make: (b: SharedArrayBuffer) => T, width: number) =>
    make(new SharedArrayBuffer(n * width));
  let cur: Columns = {
    lo: input.lo.slice(0, n),
    hi: input.hi.slice(0, n),
    at: shared((b) => new Float64Array(b), 8),
    bytes: shared((b) => new Uint32Array(b), 4),
  };
  cur.at.set(input.at.subarray(0, n));
  cur.bytes.set(input.bytes.subarray(0, n));
  let next: Columns = {
    lo: new Uint32Array(n),
    hi: new Uint16Array(n),
    at: shared((b) => new Float64Array(b), 8),
    bytes: shared((b) => new Uint32Array(b), 4),
  };
  const counts = new Int32Array(1 << 11);
  for (let shift = 0; shift < 44; shift += 11) {
    const { lo, hi, at, bytes } = cur;
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[digit(lo[j], hi[j], shift)]++;
    if (counts.some((c) => c === n)) continue; // one value for all: nothing to reorder
    for (let b = 0, sum = 0; b < counts.length; b++) [counts[b], sum] = [sum, sum + counts[b]];
    for (let j = 0; j < n; j++) {
      const k = counts[digit(lo[j], hi[j], shift)]++;
      next.lo[k] = lo[j];
      next.hi[k] = hi[j];
      next.at[k] = at[j];
      next.bytes[k] = bytes[j];
    }
    [cur, next] = [next, cur];
  }
  return cur;
}

/** Bits `shift`…`shift + 10` of the key. */
function digit(lo: number, hi: number, shift: number): number {
  return shift < 22 ? (lo >>> shift) & 0x7ff : shift === 22 ? ((lo >>> 22) | (hi << 10)) & 0x7ff : (hi >>> 1) & 0x7ff;
}
