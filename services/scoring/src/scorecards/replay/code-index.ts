/**
 * Member numbers by jurisdiction code, for folds that look a code up for each of millions of
 * events. A 12-digit code is kept as a number in an open-addressing table of typed arrays (one or
 * two cache lines a lookup; a Map of 600k strings costs several misses each, measured at over a
 * microsecond); any other string goes to a Map.
 */
export class CodeIndex {
  private keys = new Float64Array(1 << 16);
  private values = new Int32Array(1 << 16);
  private used = 0;
  private readonly others = new Map<string, number>();

  get(code: string): number | undefined {
    const n = digits12(code);
    if (n < 0) return this.others.get(code);
    const mask = this.keys.length - 1;
    for (let i = slot(n, mask); ; i = (i + 1) & mask) {
      const k = this.keys[i];
      if (k === n) return this.values[i];
      if (k === 0) return undefined;
    }
  }

  set(code: string, value: number): void {
    const n = digits12(code);
    if (n < 0) {
      this.others.set(code, value);
      return;
    }
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    if (this.put(n, value)) this.used++;
  }

  /** Returns whether the key is new. */
  private put(n: number, value: number): boolean {
    const mask = this.keys.length - 1;
    for (let i = slot(n, mask); ; i = (i + 1) & mask) {
      if (this.keys[i] === n || this.keys[i] === 0) {
        const fresh = this.keys[i] === 0;
        this.keys[i] = n;
        this.values[i] = value;
        return fresh;
      }
    }
  }

  private grow(): void {
    const [keys, values] = [this.keys, this.values];
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.put(keys[i], values[i]);
  }
}

/** The value of a 12-digit code, shifted by one so that 0 marks an empty slot; -1 for anything else. */
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

function slot(n: number, mask: number): number {
  const hi = Math.floor(n / 4294967296);
  return (Math.imul(n >>> 0, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca77)) & mask;
}
