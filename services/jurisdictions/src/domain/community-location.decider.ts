import { forbidden, invalid, isWithin, notFound } from '@chuangwen/contracts';
import type { CommunityLocationSet } from '@chuangwen/contracts';
import { toDay } from '@chuangwen/scoring-engine';
import type { CommunityProfileContext } from './community-profile.decider';

/** Set a community's centre point (WGS-84); the latest one set counts. */
export interface SetCommunityLocation {
  readonly type: 'SetCommunityLocation';
  readonly data: { readonly communityCode: string; readonly lat: number; readonly lng: number };
}

/** Who asks, when, and the code's level in the registry (undefined: not registered). */
export interface CommunityLocationContext extends CommunityProfileContext {
  readonly now: Date;
}

/** The centre point as last set, if any. */
export type CommunityLocation = CommunityLocationSet['data'] | undefined;

export const evolveCommunityLocation = (state: CommunityLocation, e: CommunityLocationSet): CommunityLocation =>
  e.type === 'CommunityLocationSet' ? e.data : state;

/**
 * A centre point is set for a registered community committee within the actor's jurisdiction; each
 * one set is recorded, with the day it was set on.
 */
export function decideCommunityLocation(
  command: SetCommunityLocation,
  _state: CommunityLocation,
  ctx: CommunityLocationContext,
): CommunityLocationSet[] {
  const { communityCode: code, lat, lng } = command.data;
  if (!ctx.level) throw notFound(`no jurisdiction ${code} in the registry`);
  if (ctx.level !== 'community')
    throw invalid(`${code} is a ${ctx.level}: a centre point is set per community committee`);
  if (!isWithin(code, ctx.actor.jurisdiction))
    throw forbidden(`community ${code} is outside your jurisdiction ${ctx.actor.jurisdiction}`);
  return [{ type: 'CommunityLocationSet', version: 1, data: { communityCode: code, lat, lng, setOn: toDay(ctx.now) } }];
}

/** The decider for one community's centre-point stream, bound to the context of one command. */
export const communityLocationDecider = (ctx: CommunityLocationContext) => ({
  initialState: (): CommunityLocation => undefined,
  evolve: evolveCommunityLocation,
  decide: (command: SetCommunityLocation, state: CommunityLocation) => decideCommunityLocation(command, state, ctx),
});
