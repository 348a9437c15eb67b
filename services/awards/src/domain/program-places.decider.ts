import { conflict, notFound } from '@chuangwen/contracts';
import type { AwardPlaceReserved, AwardProgramData, AwardProgramEvent } from '@chuangwen/contracts';
import type { ReservePlace } from './commands';

/** A program's places (名额): the nominations that took one, in order. */
export interface ProgramPlaces {
  readonly program?: AwardProgramData;
  readonly holders: readonly string[];
}

export interface PlaceContext {
  readonly today: string;
  /** Holders whose nomination has left the running since (rejected, or its title removed): their places are free again. */
  readonly released: ReadonlySet<string>;
  /** Nominations in the running by the nomination list: a floor, for those shortlisted before places were reserved. */
  readonly listed?: number;
}

export const initialPlaces = (): ProgramPlaces => ({ holders: [] });

export function evolvePlaces(s: ProgramPlaces, e: AwardProgramEvent): ProgramPlaces {
  return e.type === 'AwardProgramDefined'
    ? { ...s, program: e.data }
    : { ...s, holders: [...s.holders, e.data.nominationId] };
}

/**
 * The quota, decided on the program's stream: the handler appends at the revision it read, so of two
 * shortlists racing for the last place one appends and the other decides again, on a full program.
 */
export function decidePlace(command: ReservePlace, s: ProgramPlaces, ctx: PlaceContext): AwardPlaceReserved[] {
  const { programId, nominationId, communityCode } = command.data;
  if (!s.program) throw notFound(`award program ${programId} does not exist`);
  if (s.holders.includes(nominationId)) return []; // a retried shortlist keeps its place
  const taken = Math.max(s.holders.filter((id) => !ctx.released.has(id)).length, ctx.listed ?? 0);
  if (taken >= s.program.quota) throw conflict(`the program's quota of ${s.program.quota} is filled`);
  return [
    { type: 'AwardPlaceReserved', version: 1, data: { programId, nominationId, communityCode, reservedOn: ctx.today } },
  ];
}

export const programPlacesDecider = (ctx: PlaceContext) => ({
  initialState: initialPlaces,
  evolve: evolvePlaces,
  decide: (command: ReservePlace, state: ProgramPlaces): AwardProgramEvent[] => decidePlace(command, state, ctx),
});
