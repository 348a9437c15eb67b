import { codeAncestors, isWithin } from '@chuangwen/contracts';

/**
 * Star levels (星级志愿者): one to five stars at cumulative confirmed hours of 100, 300, 600, 1,000
 * and 1,500 (中国社区志愿者注册管理办法, art. 18). A city or district may set its own thresholds
 * from a date; the nearest jurisdiction with a schedule in force on a day decides for that day.
 */
export const COUNTRY = '000000';
export const NATIONAL_THRESHOLDS: readonly number[] = [100, 300, 600, 1000, 1500];

export interface StarSchedule {
  readonly jurisdictionCode: string;
  readonly effectiveFrom: string;
  readonly thresholds: readonly number[];
}

export const NATIONAL_SCHEDULE: StarSchedule = {
  jurisdictionCode: COUNTRY,
  effectiveFrom: '0000-01-01',
  thresholds: NATIONAL_THRESHOLDS,
};

/** The star for cumulative hours: how many thresholds the hours reach. */
export function starOf(hours: number, thresholds: readonly number[]): number {
  return thresholds.filter((t) => hours >= t).length;
}

/**
 * The schedule in force for a community on a day: among the schedules of the community and its
 * ancestors already effective on that day, the nearest jurisdiction's latest; else the national one.
 */
export function scheduleFor(schedules: readonly StarSchedule[], communityCode: string, day: string): StarSchedule {
  const inForce = schedules.filter((s) => s.effectiveFrom <= day && isWithin(communityCode, s.jurisdictionCode));
  inForce.sort(
    (a, b) => depth(b.jurisdictionCode) - depth(a.jurisdictionCode) || b.effectiveFrom.localeCompare(a.effectiveFrom),
  );
  return inForce[0] ?? NATIONAL_SCHEDULE;
}

/** Five positive thresholds, strictly rising; else the problem. */
export function thresholdsProblem(thresholds: readonly number[]): string | undefined {
  if (thresholds.length !== 5) return 'thresholds must list the hours for one to five stars (five numbers)';
  if (thresholds.some((t) => !(t > 0))) return 'thresholds must be positive';
  if (thresholds.some((t, i) => i > 0 && t <= thresholds[i - 1]))
    return 'thresholds must rise strictly from one star to five';
  return undefined;
}

/** How deep a jurisdiction lies: the country 0, a province 1 … a community 5. */
const depth = (code: string) => (code === COUNTRY ? 0 : codeAncestors(code).length + 1);
