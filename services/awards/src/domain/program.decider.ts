import { AWARD_KINDS, conflict, forbidden, invalid, isWithin } from '@chuangwen/contracts';
import type { Actor, AwardProgramData, AwardProgramDefined, AwardProgramEvent } from '@chuangwen/contracts';
import type { DefineProgram } from './commands';

export const DEFAULT_NOTICE_DAYS = 7;

/** What is wrong with a program's definition, if anything (field, message). */
export function programProblem(p: AwardProgramData): { field: string; message: string } | undefined {
  if (p.cycle.from > p.cycle.to) return { field: 'cycle', message: 'cycle.from must not be after cycle.to' };
  if (!(p.quota >= 1)) return { field: 'quota', message: 'quota must be at least 1' };
  if (!(p.noticeDays >= 1 && p.noticeDays <= 60))
    return { field: 'noticeDays', message: 'noticeDays must be between 1 and 60' };
  if (AWARD_KINDS[p.kind].holder !== 'community' && p.eligibility.minTotal !== undefined) {
    return { field: 'eligibility.minTotal', message: 'a score threshold applies to community titles only' };
  }
  return undefined;
}

/** A program is defined once, by an office at or above its authority. */
export const programDecider = (actor: Actor) => ({
  initialState: (): AwardProgramData | undefined => undefined,
  evolve: (s: AwardProgramData | undefined, e: AwardProgramEvent) => (e.type === 'AwardProgramDefined' ? e.data : s),
  decide: (command: DefineProgram, state: AwardProgramData | undefined): AwardProgramDefined[] => {
    if (state) throw conflict(`award program ${command.data.programId} already exists`);
    if (!isWithin(command.data.authority, actor.jurisdiction))
      throw forbidden(`${command.data.authority} is outside your jurisdiction ${actor.jurisdiction}`);
    const problem = programProblem(command.data);
    if (problem) throw invalid(problem.message, { field: problem.field });
    return [{ type: 'AwardProgramDefined', version: 1, data: command.data }];
  },
});
