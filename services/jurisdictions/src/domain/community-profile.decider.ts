import { forbidden, invalid, isWithin, notFound } from '@chuangwen/contracts';
import type { Actor, CommunityProfileUpdated, JurisdictionLevel } from '@chuangwen/contracts';

/** Set some of a community's figures and attributes; each replaces its previous value, the rest stay. */
export interface UpdateCommunityProfile {
  readonly type: 'UpdateCommunityProfile';
  readonly data: CommunityProfileUpdated['data'];
}

/** Who asks, and what the registry says of the code (read by the handler: a decider reads no store). */
export interface CommunityProfileContext {
  readonly actor: Actor;
  /** The code's level in the jurisdiction registry; undefined when the code is not registered. */
  readonly level: JurisdictionLevel | undefined;
}

/** A community's profile as set so far: the latest value of each quantity and attribute. */
export interface CommunityProfile {
  readonly quantities: Readonly<Record<string, number>>;
  readonly attributes: Readonly<Record<string, string>>;
}

export const initialCommunityProfile = (): CommunityProfile => ({ quantities: {}, attributes: {} });

export const evolveCommunityProfile = (state: CommunityProfile, e: CommunityProfileUpdated): CommunityProfile =>
  e.type === 'CommunityProfileUpdated'
    ? {
        quantities: { ...state.quantities, ...e.data.quantities },
        attributes: { ...state.attributes, ...e.data.attributes },
      }
    : state;

/**
 * The rules of a profile: an update sets at least one quantity or attribute (`field: 'quantities'`
 * names what to fill in), of a registered community committee (a street's or district's figures are
 * the sums of their communities'), within the actor's jurisdiction. Every accepted update is recorded,
 * even one that repeats the values: it says who confirmed them when.
 */
export function decideCommunityProfile(
  command: UpdateCommunityProfile,
  _state: CommunityProfile,
  ctx: CommunityProfileContext,
): CommunityProfileUpdated[] {
  const { communityCode: code, quantities, attributes } = command.data;
  if (!Object.keys(quantities ?? {}).length && !Object.keys(attributes ?? {}).length)
    throw invalid('give at least one quantity or attribute', { field: 'quantities' });
  if (!ctx.level) throw notFound(`no jurisdiction ${code} in the registry`);
  if (ctx.level !== 'community') throw invalid(`${code} is a ${ctx.level}: a profile is set per community committee`);
  if (!isWithin(code, ctx.actor.jurisdiction))
    throw forbidden(`community ${code} is outside your jurisdiction ${ctx.actor.jurisdiction}`);
  return [
    {
      type: 'CommunityProfileUpdated',
      version: 1,
      data: { communityCode: code, ...(quantities ? { quantities } : {}), ...(attributes ? { attributes } : {}) },
    },
  ];
}

/** The decider for one community's profile stream, bound to the context of one command. */
export const communityProfileDecider = (ctx: CommunityProfileContext) => ({
  initialState: initialCommunityProfile,
  evolve: evolveCommunityProfile,
  decide: (command: UpdateCommunityProfile, state: CommunityProfile) => decideCommunityProfile(command, state, ctx),
});
