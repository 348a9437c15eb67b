import type { IsoDay, Period } from './types';

/** Evaluation periods are Chinese calendar days and years: UTC+8, no daylight saving. */
const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function chinaDay(d: Date): IsoDay {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Date arithmetic on a few thousand distinct days, asked millions of times by a national rebuild:
 * each function remembers its answers (bounded, in case of a long-running process).
 */
function remembered<A extends unknown[]>(key: (...a: A) => string, f: (...a: A) => IsoDay): (...a: A) => IsoDay {
  const known = new Map<string, IsoDay>();
  return (...a) => {
    const k = key(...a);
    let v = known.get(k);
    if (v === undefined) {
      if (known.size >= 100_000) known.clear();
      known.set(k, (v = f(...a)));
    }
    return v;
  };
}

/** 'YYYY-MM-DDTHH…Z' → its China day without parsing a Date: UTC+8 moves 16:00Z and later to the next day. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T(\d{2}):\d{2}(:\d{2}(\.\d+)?)?Z$/;
function chinaDayOfUtc(s: string): IsoDay | undefined {
  const m = UTC_INSTANT.exec(s);
  if (!m || +m[1] > 23) return undefined;
  const day = s.slice(0, 10);
  if (!validDay(day)) return undefined; // left to Date, as before
  return +m[1] < 16 ? day : addDays(day, 1);
}
const validDays = new Map<string, boolean>();
function validDay(day: string): boolean {
  let v = validDays.get(day);
  if (v === undefined) {
    if (validDays.size >= 100_000) validDays.clear();
    validDays.set(day, (v = isValidDay(day)));
  }
  return v;
}

/**
 * `compute` of an instant, remembered for the rest of its hour: the China day of a UTC instant
 * ('YYYY-MM-DDTHH:…Z') depends on its date and hour only, and a log's instants come mostly in order.
 */
export function rememberedByHour<T>(compute: (at: string) => T): (at: string) => T {
  let hour = '';
  let value: T;
  return (at) => {
    if (hour && at.startsWith(hour)) return value;
    value = compute(at);
    hour = at.length > 14 && at[13] === ':' && at.endsWith('Z') ? at.slice(0, 14) : '';
    return value;
  };
}

/** A date-time without an offset. Inputs refuse them; one stored before that is read as China time. */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A day as given ('YYYY-MM-DD'), or the China-time day of an instant. Never the host's zone: a
 * date-time without an offset is China time (its date), so a rebuild on any host gives the same days.
 */
export function toDay(d: Date | string): IsoDay {
  if (typeof d === 'string') {
    if (DAY.test(d)) return d;
    const fast = chinaDayOfUtc(d);
    if (fast !== undefined) return fast;
    const local = LOCAL_DATE_TIME.exec(d);
    if (local && validDay(local[1])) return local[1];
    const t = new Date(d);
    if (Number.isNaN(t.getTime())) throw new Error(`not a date: ${d}`);
    return chinaDay(t);
  }
  return chinaDay(d);
}

export function isValidDay(s: unknown): s is IsoDay {
  if (typeof s !== 'string') return false;
  const m = DAY.exec(s);
  if (!m) return false;
  const t = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return t.getUTCFullYear() === +m[1] && t.getUTCMonth() === +m[2] - 1 && t.getUTCDate() === +m[3];
}

export const yearOf = (day: IsoDay) => +day.slice(0, 4);

const daysInMonth = (y: number, m0: number) => new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();

/** day ± period; a month-end that does not exist clamps (2024-02-29 − 1 year = 2023-02-28). */
export const addPeriod: (day: IsoDay, p: Period, sign: 1 | -1) => IsoDay = remembered(
  (day, p, sign) => `${day}|${p.years ?? 0}|${p.months ?? 0}|${p.days ?? 0}|${sign}`,
  (day, p, sign) => computeAddPeriod(day, p, sign),
);

function computeAddPeriod(day: IsoDay, p: Period, sign: 1 | -1): IsoDay {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const months = +m[1] * 12 + (+m[2] - 1) + sign * ((p.years ?? 0) * 12 + (p.months ?? 0));
  const y = Math.floor(months / 12);
  const m0 = months - y * 12;
  const d = Math.min(+m[3], daysInMonth(y, m0));
  return new Date(Date.UTC(y, m0, d) + sign * (p.days ?? 0) * DAY_MS).toISOString().slice(0, 10);
}

export const addDays: (day: IsoDay, n: number) => IsoDay = remembered(
  (day, n) => `${day}|${n}`,
  (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10),
);

/** First day of the window of length `p` that ends on (and includes) `day`. */
export const windowStart = (day: IsoDay, p: Period): IsoDay => addDays(addPeriod(day, p, -1), 1);
