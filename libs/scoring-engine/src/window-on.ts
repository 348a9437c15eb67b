import { atFor, compiled } from './compile';
import type { IsoDay, Standard, Window } from './types';

/**
 * One of a standard's windows on a day, exactly as its rules read it: its first day and the
 * calendar years its yearly counters cover. For explaining a figure (which facts were inside).
 */
export function windowOn(standard: Standard, window: Window, day: IsoDay): { start: IsoDay; years: number[] } {
  const c = compiled(standard);
  const key = JSON.stringify(window);
  const i = c.windows.findIndex((w) => JSON.stringify(w) === key);
  if (i < 0) throw new Error(`standard ${standard.id} has no window ${key}`);
  const at = atFor(c, day);
  return { start: at.starts[i], years: at.years[i] };
}
