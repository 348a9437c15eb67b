import { conflict, forbidden, invalid, isWithin } from '@chuangwen/contracts';
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
  if (day > today(ctx))
    throw invalid(`${field} ${day} is in the future (today is ${today(ctx)} China time)`, { field });
}

/** Canonical JSON (keys sorted, undefined dropped): two records say the same thing whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/**
 * A resend of a command already carried out (same client id, same content) is done: it appends nothing,
 * so a phone that lost the answer may send again. The same id with different content is a conflict.
 */
export function repeatOrConflict(recorded: string, repeat: unknown, what: string): [] {
  if (recorded === canonical(repeat)) return [];
  throw conflict(`${what} was already recorded with different content`);
}
