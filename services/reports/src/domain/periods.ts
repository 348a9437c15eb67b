/** Days are 'YYYY-MM-DD' in China time, as everywhere in the platform. Pure date arithmetic on them. */

const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
const asDay = (d: Date) => d.toISOString().slice(0, 10);

export const addDays = (day: string, n: number): string => {
  const d = asDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return asDay(d);
};

/** First and last day of a month 'YYYY-MM'. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  return { from: `${month}-01`, to: asDay(new Date(Date.UTC(y, m, 0))) };
}

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export type Interval = 'week' | 'month';

/**
 * The ends of the periods between `from` and `to` (both included): each month's last day, or each
 * week's Sunday (weeks run Monday to Sunday, as Chinese offices count them); the last point is `to`
 * itself when a period is still running. A trend point is the figures as of that day.
 */
export function periodEnds(from: string, to: string, interval: Interval): string[] {
  const ends: string[] = [];
  let end = interval === 'month' ? monthBounds(from.slice(0, 7)).to : addDays(from, (7 - asDate(from).getUTCDay()) % 7);
  while (end < to) {
    ends.push(end);
    end = interval === 'month' ? monthBounds(addDays(end, 1).slice(0, 7)).to : addDays(end, 7);
  }
  ends.push(to);
  return ends;
}

/** The end of the period before the one `day` falls in (the last month's end, or last Sunday). */
export function previousPeriodEnd(day: string, interval: Interval = 'month'): string {
  if (interval === 'month') return addDays(`${day.slice(0, 7)}-01`, -1);
  const back = asDate(day).getUTCDay() || 7;
  return addDays(day, -back);
}
