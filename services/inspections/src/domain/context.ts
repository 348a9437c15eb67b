import { forbidden, invalid, isWithin } from '@chuangwen/contracts';
import type { Actor } from '@chuangwen/contracts';
import { toDay } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';

/** What a decision may know besides the command and the stream: who acts, when, and the standards. */
export interface DecisionContext {
  readonly actor: Actor;
  readonly now: Date;
  /** Every published standard version (few); the decider picks the ones in force. */
  readonly standards?: readonly Standard[];
}

/** The China-time day of the decision: deadlines and dates are China days. */
export const today = (ctx: DecisionContext): string => toDay(ctx.now);

/** Nobody acts on a community outside their jurisdiction. */
export function assertInScope(communityCode: string, ctx: DecisionContext, what: string): void {
  if (!isWithin(communityCode, ctx.actor.jurisdiction)) {
    throw forbidden(`${what} belongs to ${communityCode}, outside your jurisdiction ${ctx.actor.jurisdiction}`);
  }
}

/** A day that has not come yet cannot be a record of something found or done. */
export function notInFuture(day: string, ctx: DecisionContext, field: string): void {
  if (day > today(ctx)) throw invalid(`${field} ${day} is in the future (today is ${today(ctx)} China time)`, { field });
}
