import { COUNTRY_CODE, invalid, levelOf } from '@chuangwen/contracts';
import type { EscalationLevel, EscalationStep } from '@chuangwen/contracts';

/**
 * The ladder that applies where no office set one, after the example and the usual 督办
 * practice of 数字城管 (GB/T 30428: overdue cases supervised, then carried on a list): one day
 * overdue, the street office is told; three days, the district office, which lists it (督办/挂账);
 * seven days, it is counted in the monthly bulletin (督查通报).
 */
export const DEFAULT_LADDER: readonly EscalationStep[] = [
  { afterDays: 1, level: 'street', supervised: false, bulletin: false },
  { afterDays: 3, level: 'district', supervised: true, bulletin: false },
  { afterDays: 7, level: 'district', supervised: true, bulletin: true },
];

/** Whose ladder applied: the office's code, or the country for the default. */
export interface Ladder {
  readonly ladderOf: string;
  readonly steps: readonly EscalationStep[];
}

export const DEFAULT: Ladder = { ladderOf: COUNTRY_CODE, steps: DEFAULT_LADDER };

const DEPTH: Record<EscalationLevel, number> = { city: 1, district: 2, street: 3 };
const LEVEL_DEPTH: Record<string, number> = { country: 0, province: 0, city: 1, district: 2, street: 3, community: 4 };

/** The office at `level` above a community: its street (9 digits), district (6) or city (4 + 00). */
export function officeAt(communityCode: string, level: EscalationLevel): string {
  if (level === 'street') return communityCode.slice(0, 9);
  if (level === 'district') return communityCode.slice(0, 6);
  return `${communityCode.slice(0, 4)}00`;
}

/** Whole China days past the deadline (inclusive): the day after the deadline is 1 day overdue. */
export function daysOverdue(deadline: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${deadline}T00:00:00Z`)) / 86_400_000));
}

/**
 * A ladder an office sets: 1–10 steps, days rising strictly (1 to 365), each notifying an office at
 * the setter's level or below it (a street office cannot summon the district; a district can tell
 * its streets). A bad one is a 422 naming the step's field.
 */
export function assertLadder(setter: string, steps: readonly EscalationStep[]): void {
  const own = LEVEL_DEPTH[levelOf(setter)];
  if (own === undefined || own < 1 || own > 3)
    throw invalid(`${setter} is a ${levelOf(setter)}: ladders are set by a city, district or street office`, {
      field: 'code',
    });
  if (steps.length < 1 || steps.length > 10) throw invalid('a ladder has 1 to 10 steps', { field: 'steps' });
  steps.forEach((s, i) => {
    if (!Number.isInteger(s.afterDays) || s.afterDays < 1 || s.afterDays > 365)
      throw invalid(`steps.${i}.afterDays must be a whole number of days from 1 to 365`, {
        field: `steps.${i}.afterDays`,
      });
    if (i > 0 && s.afterDays <= steps[i - 1].afterDays)
      throw invalid(
        `steps.${i}.afterDays (${s.afterDays}) must be more than the step before (${steps[i - 1].afterDays})`,
        { field: `steps.${i}.afterDays` },
      );
    if (DEPTH[s.level] < own)
      throw invalid(`steps.${i}.level: ${setter} may notify offices at its level or below, not the ${s.level}`, {
        field: `steps.${i}.level`,
      });
  });
}

/** The nearest ladder above a community: its street's, else its district's, city's, province's, else the default. */
export function ladderFor(communityCode: string, ladders: ReadonlyMap<string, readonly EscalationStep[]>): Ladder {
  for (const code of [
    communityCode.slice(0, 9),
    communityCode.slice(0, 6),
    `${communityCode.slice(0, 4)}00`,
    `${communityCode.slice(0, 2)}0000`,
  ]) {
    const steps = ladders.get(code);
    if (steps) return { ladderOf: code, steps };
  }
  return DEFAULT;
}
