import { COMMUNITY_ATTRIBUTES, FACILITIES } from './catalogs';
import { toDay, windowStart, yearOf } from './dates';
import { indicatorKey, type CommunityFacts } from './facts';
import { compileRule, type At, type Scorer } from './rules';
import type { IndicatorScore, Scorecard } from './scorecard';
import type { Indicator, IsoDay, Period, Standard, Window } from './types';
import type { CompiledVeto } from './veto';

/**
 * A standard turned, once, into closures over its constants (rule parameters, counter keys, window
 * indexes), and the window bounds of the last evaluation day: scoring many communities on one day
 * then does no date arithmetic and builds no keys.
 */

/** Writes not_applicable / awaiting_data into r and returns true when the indicator is not scored. */
type Applies = (r: IndicatorScore, f: CommunityFacts) => boolean;

export interface CompiledIndicator {
  def: Indicator;
  categoryId: string;
  categoryIndex: number;
  applies: Applies;
  score: Scorer;
}

export interface Compiled {
  standard: Standard;
  /** Shared by every scorecard of this standard: one allocation less per evaluation. */
  header: Scorecard['standard'];
  windows: Window[];
  indicators: CompiledIndicator[];
  vetoes: CompiledVeto[];
  /** The last evaluation day's window bounds. */
  at?: At;
  atMs?: number;
  /** Window bounds by day: a rebuild evaluates communities at any of a few hundred days, in no order. */
  ats: Map<IsoDay, At>;
}

const compiledStandards = new WeakMap<Standard, Compiled>();

/** Cached by object identity: a loaded standard must not be mutated. */
export const compiled = (standard: Standard): Compiled => compiledStandards.get(standard) ?? compile(standard);

function compile(standard: Standard): Compiled {
  const windows: Window[] = [];
  const keys = new Map<string, number>();
  const window = (w: Window) => {
    const key = JSON.stringify(w);
    let i = keys.get(key);
    if (i === undefined) {
      i = windows.push(w) - 1;
      keys.set(key, i);
    }
    return i;
  };
  const env = { standardId: standard.id, window };
  const indicators: CompiledIndicator[] = [];
  standard.categories.forEach((cat, categoryIndex) => {
    for (const def of cat.indicators) {
      const applies = compileApplicability(standard, def);
      indicators.push({ def, categoryId: cat.id, categoryIndex, applies, score: compileRule(def, env) });
    }
  });
  const vetoes = standard.vetoes.map((def) => ({ def, kinds: new Set(def.incidentKinds), w: window(def.lookBack) }));
  const header = Object.freeze({ id: standard.id, version: standard.version, title: standard.title });
  const c: Compiled = { standard, header, windows, indicators, vetoes, ats: new Map() };
  compiledStandards.set(standard, c);
  return c;
}

function compileApplicability(standard: Standard, def: Indicator): Applies {
  const key = indicatorKey(standard.id, def.id);
  const declared = standard.notApplicableByDeclaration;
  const a = def.applicability;
  const condition: Applies =
    a === 'all'
      ? () => false
      : 'facility' in a
        ? (r, f) => {
            if (f.facilities?.[a.facility] !== undefined) return false;
            r.status = 'not_applicable';
            r.cause = `无${FACILITIES[a.facility].label},不适用 (no ${a.facility}: does not apply)`;
            return true;
          }
        : (r, f) => {
            const v = f.attributes?.[a.attribute] as string | undefined;
            const attr = COMMUNITY_ATTRIBUTES[a.attribute];
            if (v === undefined) {
              r.status = 'awaiting_data';
              r.cause = `${attr.label}未登记 (attribute ${a.attribute} not recorded)`;
              return true;
            }
            if (a.in.includes(v)) return false;
            r.status = 'not_applicable';
            const label = (attr.values as Record<string, { label: string }>)[v]?.label ?? v;
            r.cause = `${attr.label}为“${label}”,不适用 (${a.attribute}=${v}: does not apply)`;
            return true;
          };
  if (!declared) return condition;
  return (r, f) => {
    if (f.notApplicable?.includes(key)) {
      r.status = 'not_applicable';
      r.cause = '书面说明不适用 (declared not applicable in writing)';
      return true;
    }
    return condition(r, f);
  };
}

export function atFor(c: Compiled, asOf: Date | string): At {
  const ms = typeof asOf === 'string' ? undefined : asOf.getTime();
  if (c.at && (ms === undefined ? asOf === c.at.day : ms === c.atMs)) return c.at;
  const day = toDay(asOf);
  c.atMs = ms;
  if (c.at?.day === day) return c.at;
  const known = c.ats.get(day);
  if (known) return (c.at = known);
  if (c.ats.size >= 10_000) c.ats.clear(); // bounded, for a long-running process
  const year = yearOf(day);
  const cycle = c.standard.cycle;
  const starts: string[] = [];
  const years: number[][] = [];
  for (const w of c.windows) {
    if (w === 'calendar_year') {
      starts.push(`${year}-01-01`);
      years.push([year]);
      continue;
    }
    const p: Period = w === 'cycle' ? cycle : w;
    const start = windowStart(day, p);
    starts.push(start);
    // Yearly counters: N whole years are the N calendar years ending with this one.
    const first = !p.months && !p.days ? year - (p.years ?? 0) + 1 : yearOf(start);
    const ys: number[] = [];
    for (let y = first; y <= year; y++) ys.push(y);
    years.push(ys);
  }
  c.ats.set(day, (c.at = { day, year, starts, years }));
  return c.at;
}
