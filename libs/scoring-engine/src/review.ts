import { compiled } from './compile';
import { addDays, addPeriod, windowStart, yearOf } from './dates';
import type { FacilityId, SurveyTopic } from './catalogs';
import type { CommunityFacts } from './facts';
import type { IsoDay, Period, Standard } from './types';

/**
 * The first day after `day` on which the community's scorecard may change although no event
 * arrives: a dated fact (survey, facility, inspector score, incident) leaving one of a standard's
 * look-back windows, a fact dated after `day` coming due, a standard coming into or going out of
 * force, or the new year (yearly counters, calendar-year windows). Early is harmless (an extra
 * evaluation that changes nothing); late would leave stored roll-ups stale, so every bound is exact.
 *
 * `standards`: every version issued by an authority of the community's chain, in force or not.
 */
export function nextReviewDay(standards: readonly Standard[], facts: CommunityFacts, day: IsoDay): IsoDay {
  let next = `${yearOf(day) + 1}-01-01`;
  const consider = (d: IsoDay | undefined) => {
    if (d !== undefined && d > day && d < next) next = d;
  };
  const periods = new Map<string, Period>();
  for (const s of standards) {
    consider(s.effectiveFrom);
    if (s.effectiveTo) consider(addDays(s.effectiveTo, 1));
    for (const [key, p] of lookBacks(s)) periods.set(key, p);
  }
  // Each dated fact, and the day it leaves each window (a day two facts share is considered twice: harmless).
  forEachFactDate(facts, (d) => {
    consider(d);
    for (const p of periods.values()) consider(leavesWindow(d, p));
  });
  return next;
}

/** A standard's look-back periods by a key of their length (calendar years are the new year's affair). */
function lookBacks(s: Standard): [string, Period][] {
  let periods = lookBacksOf.get(s);
  if (!periods) {
    periods = [];
    for (const w of compiled(s).windows) {
      if (w === 'calendar_year') continue;
      const p = w === 'cycle' ? s.cycle : w;
      periods.push([JSON.stringify(p), p]);
    }
    lookBacksOf.set(s, periods);
  }
  return periods;
}
const lookBacksOf = new WeakMap<Standard, [string, Period][]>();

/** The first day whose window of length `p` no longer includes `d` (month-end clamping included). */
export function leavesWindow(d: IsoDay, p: Period): IsoDay {
  // Remembered by period object (a standard's are few and long-lived), then by day.
  let days = leaving.get(p);
  if (!days) leaving.set(p, (days = new Map()));
  let day = days.get(d);
  if (day === undefined) {
    if (days.size >= 100_000) days.clear();
    days.set(d, (day = firstDayOutside(d, p)));
  }
  return day;
}
const leaving = new WeakMap<Period, Map<IsoDay, IsoDay>>();

function firstDayOutside(d: IsoDay, p: Period): IsoDay {
  let t = addDays(addPeriod(d, p, 1), -3);
  while (windowStart(t, p) <= d) t = addDays(t, 1);
  return t;
}

function forEachFactDate(f: CommunityFacts, each: (d: IsoDay) => void): void {
  const { surveys = {}, facilities = {}, inspectorScores = {}, incidents = [] } = f;
  for (const k in surveys) {
    const s = surveys[k as SurveyTopic];
    if (s) each(s.date);
  }
  for (const k in facilities) {
    const d = facilities[k as FacilityId];
    if (d) each(d);
  }
  for (const k in inspectorScores) each(inspectorScores[k].date);
  for (const i of incidents) each(i.date);
}
