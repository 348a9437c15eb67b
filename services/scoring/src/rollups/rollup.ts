/**
 * Roll-ups of community figures to streets, districts, cities, provinces and the country. A node
 * keeps the summary of each direct child and its aggregate; setting a child's summary adjusts the
 * aggregate by the difference. Setting the same value twice changes nothing, so propagation is
 * idempotent whatever the order or the number of replays — no cross-document transaction needed.
 */

/** One community's standing under one standard. */
export interface CommunitySummary {
  /** Normalised total (0–100); null while no indicator can be scored yet. */
  readonly total: number | null;
  readonly passed: boolean;
  readonly vetoed: boolean;
  /** Indicator ids below their threshold (短板). */
  readonly gaps: readonly string[];
}

/** What a node aggregates over the communities below it. */
export interface Aggregate {
  communities: number;
  /** Communities with a total (some indicator scored). */
  scored: number;
  sumTotal: number;
  passed: number;
  vetoed: number;
  /** Totals in ten bands: [0,10), [10,20) … [90,100]. */
  histogram: number[];
  /** Indicator id → communities with a gap there. */
  gaps: Record<string, number>;
}

export const emptyAggregate = (): Aggregate => ({
  communities: 0,
  scored: 0,
  sumTotal: 0,
  passed: 0,
  vetoed: 0,
  histogram: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  gaps: {},
});

export const band = (total: number): number => Math.min(9, Math.max(0, Math.floor(total / 10)));

/** The aggregate of a single community: what a street adds for it. */
export function aggregateOf(s: CommunitySummary): Aggregate {
  const a = emptyAggregate();
  a.communities = 1;
  if (s.total !== null) {
    a.scored = 1;
    a.sumTotal = s.total;
    a.histogram[band(s.total)] = 1;
  }
  a.passed = s.passed ? 1 : 0;
  a.vetoed = s.vetoed ? 1 : 0;
  for (const g of s.gaps) a.gaps[g] = 1;
  return a;
}

/** target += sign × delta, in place. */
export function addInto(target: Aggregate, delta: Aggregate, sign: 1 | -1): Aggregate {
  target.communities += sign * delta.communities;
  target.scored += sign * delta.scored;
  target.sumTotal = round(target.sumTotal + sign * delta.sumTotal);
  target.passed += sign * delta.passed;
  target.vetoed += sign * delta.vetoed;
  for (let i = 0; i < 10; i++) target.histogram[i] += sign * delta.histogram[i];
  for (const k in delta.gaps) {
    const n = (target.gaps[k] ?? 0) + sign * delta.gaps[k];
    if (n === 0) delete target.gaps[k];
    else target.gaps[k] = n;
  }
  return target;
}

/** Sums drift in binary floating point; totals carry two decimals anyway. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** How to add, compare and copy the values a roll-up sums (scores, activity tallies…). */
export interface Additive<T> {
  empty(): T;
  addInto(target: T, delta: T, sign: 1 | -1): T;
  same(a: T, b: T): boolean;
  /** A private copy (structuredClone when absent; a hand-written copy is several times faster). */
  copy?(value: T): T;
}

export interface RollupNode<T = Aggregate> {
  children: Record<string, T>;
  aggregate: T;
}

/**
 * Sets one child's value, adjusting the node's aggregate by the difference; removes the child when
 * `value` is null. Returns whether anything changed (then the parent needs the new aggregate).
 */
export function setChildOf<T>(ops: Additive<T>, node: RollupNode<T>, child: string, value: T | null): boolean {
  const old = node.children[child];
  if (value === null) {
    if (!old) return false;
    ops.addInto(node.aggregate, old, -1);
    delete node.children[child];
    return true;
  }
  if (old && ops.same(old, value)) return false;
  if (old) ops.addInto(node.aggregate, old, -1);
  ops.addInto(node.aggregate, value, 1);
  node.children[child] = ops.copy ? ops.copy(value) : structuredClone(value);
  return true;
}

export const scoreAggregates: Additive<Aggregate> = {
  empty: emptyAggregate,
  addInto,
  same: (a, b) => sameAggregate(a, b),
  copy: copyAggregate,
};

export function copyAggregate(a: Aggregate): Aggregate {
  return {
    communities: a.communities,
    scored: a.scored,
    sumTotal: a.sumTotal,
    passed: a.passed,
    vetoed: a.vetoed,
    histogram: a.histogram.slice(),
    gaps: { ...a.gaps },
  };
}

/** Sets one child's score aggregate (see setChildOf). */
export const setChild = (node: RollupNode, child: string, value: Aggregate | null): boolean =>
  setChildOf(scoreAggregates, node, child, value);

export function sameAggregate(a: Aggregate, b: Aggregate): boolean {
  if (
    a.communities !== b.communities ||
    a.scored !== b.scored ||
    a.sumTotal !== b.sumTotal ||
    a.passed !== b.passed ||
    a.vetoed !== b.vetoed
  )
    return false;
  for (let i = 0; i < 10; i++) if (a.histogram[i] !== b.histogram[i]) return false;
  const ka = Object.keys(a.gaps);
  return ka.length === Object.keys(b.gaps).length && ka.every((k) => a.gaps[k] === b.gaps[k]);
}

/** An indicator's title in its standard's words (a gap is read by people, not by ids). */
export type TitleOf = (indicator: string) => string | undefined;

/** Figures a reader wants from an aggregate; each gap with its indicator's title when `titleOf` knows it. */
export function describe(a: Aggregate, titleOf?: TitleOf) {
  return {
    communities: a.communities,
    scored: a.scored,
    meanTotal: a.scored ? Math.round((a.sumTotal / a.scored) * 100) / 100 : null,
    passed: a.passed,
    vetoed: a.vetoed,
    passRate: a.communities ? Math.round((a.passed / a.communities) * 10000) / 10000 : null,
    histogram: a.histogram.map((count, i) => ({ from: i * 10, to: i === 9 ? 100 : i * 10 + 10, count })),
    gaps: Object.entries(a.gaps)
      .sort(([x, m], [y, n]) => n - m || x.localeCompare(y))
      .map(([indicator, communities]) => ({
        indicator,
        ...(titleOf?.(indicator) !== undefined ? { title: titleOf(indicator) } : {}),
        communities,
      })),
  };
}
