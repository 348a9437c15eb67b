import type { ActivityEvent } from '@chuangwen/contracts';
import type { Activity } from './activity';
import { evolveActivity, initialActivity } from './activity';
import type { ActivityCommand } from './commands';
import { ActivityDecisionContext, decideActivity } from './decide';

/** The decider for one activity stream, bound to the context of one command. */
export const activityDecider = (ctx: ActivityDecisionContext) => ({
  initialState: initialActivity,
  evolve: evolveActivity,
  decide: (command: ActivityCommand, state: Activity): ActivityEvent[] => decideActivity(command, state, ctx),
});
