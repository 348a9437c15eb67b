/** A small seeded PRNG (mulberry32) and the draws the generator needs: the same seed, the same log. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  hex(digits: number): string {
    let s = '';
    while (s.length < digits)
      s += Math.floor(this.next() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return s.slice(0, digits);
  }
}

/** Draws keys by weight: cumulative sums and a binary search. */
export class Weighted<T> {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (this.cumulative[i] = sum += w));
  }

  draw(random: Random): T {
    const x = random.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/** Weighted choice from a literal table: `{ a: 3, b: 1 }`. */
export const table = <K extends string>(weights: Record<K, number>) =>
  new Weighted(Object.keys(weights) as K[], Object.values(weights) as number[]);

/**
 * Time-ordered UUID-shaped ids (the layout of UUID v7): milliseconds, then a sequence number, then
 * random bits. Ordered ids keep the event store's unique index appending at its end, as v7 ids do.
 */
export class Ids {
  private seq = 0;

  constructor(private readonly random: Random) {}

  next(ms: number): string {
    const t = ms.toString(16).padStart(12, '0');
    const s = (this.seq++).toString(16).padStart(7, '0');
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${s.slice(0, 3)}-8${s.slice(3, 6)}-${s.slice(6)}${this.random.hex(11)}`;
  }
}
