import { AWARD_KINDS, conflict, forbidden, invalid, isWithin, notFound, PEER_RATINGS } from '@chuangwen/contracts';
import type {
  Actor,
  AwardProgramData,
  NominationEvent,
  NominationSubmitted,
  PeerRating,
  TitleReinspected,
  TitleRemoved,
} from '@chuangwen/contracts';
import type { NominationCommand } from './commands';
import { evolveNomination, initialNomination, Nomination, NominationStatus } from './nomination';

type Out = NominationEvent | TitleReinspected | TitleRemoved;
export type Eligibility = NonNullable<NominationSubmitted['data']['eligibility']>;

export interface NominationContext {
  readonly actor: Actor;
  readonly today: string;
  readonly program: AwardProgramData;
  /** For community titles: the scorecard figures read from the scoring engine today. */
  readonly eligibility?: Eligibility;
}

/** The step each command needs the nomination to be at: anything else is out of order (409). */
const NEEDS: Partial<Record<NominationCommand['type'], NominationStatus>> = {
  ReviewMaterials: 'submitted',
  HearReport: 'materials_reviewed',
  InspectField: 'report_heard',
  Shortlist: 'field_inspected',
  StartPublicNotice: 'shortlisted',
  LodgeObjection: 'on_notice',
  ResolveObjection: 'on_notice',
  ConferTitle: 'on_notice',
  ReinspectTitle: 'conferred',
};

/**
 * The procedure of the seeds, one step at a time: application or nomination → material review →
 * report hearing with peer rating → field inspection → shortlist (within the quota) → public notice,
 * objections answered → conferral; then re-inspection or removal of the title.
 */
export function decideNomination(command: NominationCommand, s: Nomination, ctx: NominationContext): Out[] {
  const { program, today } = ctx;
  const ref = {
    nominationId: command.data.nominationId,
    programId: program.programId,
    communityCode: s.nominee?.communityCode ?? '',
  };
  if (
    command.type !== 'SubmitNomination' &&
    command.type !== 'LodgeObjection' &&
    !isWithin(program.authority, ctx.actor.jurisdiction)
  ) {
    throw forbidden(`only the office of ${program.authority} (or above) runs this program`);
  }
  if (command.type === 'SubmitNomination') {
    if (s.status !== 'none') throw conflict(`nomination ${command.data.nominationId} already exists`);
    const { nominee } = command.data;
    if (!isWithin(nominee.communityCode, ctx.actor.jurisdiction))
      throw forbidden(`${nominee.communityCode} is outside your jurisdiction`);
    if (!isWithin(nominee.communityCode, program.authority))
      throw invalid(`${nominee.communityCode} lies outside the program's authority ${program.authority}`, {
        field: 'communityCode',
      });
    if (today < program.cycle.from || today > program.cycle.to)
      throw conflict(`the program takes nominations from ${program.cycle.from} to ${program.cycle.to}`);
    const holder = AWARD_KINDS[program.kind].holder;
    if (nominee.type !== holder)
      throw invalid(`a ${program.kind} title is held by a ${holder}, not a ${nominee.type}`, { field: 'nomineeType' });
    if (holder === 'community') assertEligible(ctx);
    return [
      {
        type: 'NominationSubmitted',
        version: 1,
        data: {
          nominationId: command.data.nominationId,
          programId: program.programId,
          communityCode: nominee.communityCode,
          route: command.data.route,
          nominee,
          kind: program.kind,
          level: program.level,
          authority: program.authority,
          submittedOn: today,
          ...(ctx.eligibility ? { eligibility: ctx.eligibility } : {}),
        },
      },
    ];
  }
  if (s.status === 'none') throw notFound(`nomination ${command.data.nominationId} does not exist`);
  if (command.type === 'RemoveTitle') {
    if (s.status === 'removed' && command.data.incidentId) return []; // the same veto heard again
    if (s.status !== 'conferred')
      throw conflict(`nomination ${s.nominationId} is ${s.status}; only a held title can be removed`);
    const { reason, detail, incidentId } = command.data;
    return [
      {
        type: 'TitleRemoved',
        version: 1,
        data: {
          titleId: s.nominationId,
          communityCode: ref.communityCode,
          reason,
          detail,
          ...(incidentId ? { incidentId } : {}),
          removedOn: today,
        },
      },
    ];
  }
  const needed = NEEDS[command.type];
  if (s.status !== needed)
    throw conflict(`nomination ${s.nominationId} is ${s.status}; ${command.type} needs it ${needed}`);
  switch (command.type) {
    case 'ReviewMaterials':
    case 'InspectField': {
      const { passed, remark } = command.data;
      const step: Out =
        command.type === 'ReviewMaterials'
          ? { type: 'MaterialsReviewed', version: 1, data: { ...ref, passed, remark, reviewedOn: today } }
          : { type: 'FieldInspected', version: 1, data: { ...ref, passed, remark, inspectedOn: today } };
      return passed
        ? [step]
        : [step, rejected(ref, command.type === 'ReviewMaterials' ? 'materials_review' : 'field_inspection', remark)];
    }
    case 'HearReport': {
      const { ratings } = command.data;
      if (PEER_RATINGS.every((r) => !ratings[r]))
        throw invalid('a hearing needs at least one peer rating', { field: 'ratings' });
      return [
        {
          type: 'ReportHeard',
          version: 1,
          data: { ...ref, ratings: { ...ratings }, result: prevailing(ratings), heardOn: today },
        },
      ];
    }
    case 'Shortlist': // within the quota: a place on the program's stream, taken first (program-places.decider.ts)
      if (AWARD_KINDS[program.kind].holder === 'community') assertEligible(ctx);
      return [{ type: 'NominationShortlisted', version: 1, data: { ...ref, shortlistedOn: today } }];
    case 'StartPublicNotice': {
      const days = command.data.days ?? program.noticeDays;
      return [
        {
          type: 'PublicNoticeStarted',
          version: 1,
          data: { ...ref, startsOn: today, endsOn: addDays(today, days - 1), days },
        },
      ];
    }
    case 'LodgeObjection':
      if (today > s.noticeEndsOn!) throw conflict(`the public notice ended on ${s.noticeEndsOn}`);
      if (command.data.objectionId in s.objections)
        throw conflict(`objection ${command.data.objectionId} already lodged`);
      return [
        {
          type: 'ObjectionLodged',
          version: 1,
          data: { ...ref, objectionId: command.data.objectionId, summary: command.data.summary, lodgedOn: today },
        },
      ];
    case 'ResolveObjection': {
      const { objectionId, upheld, resolution } = command.data;
      if (!(objectionId in s.objections)) throw notFound(`objection ${objectionId} does not exist`);
      if (!s.objections[objectionId]) throw conflict(`objection ${objectionId} is already resolved`);
      const answered: Out = {
        type: 'ObjectionResolved',
        version: 1,
        data: { ...ref, objectionId, upheld, resolution, resolvedOn: today },
      };
      return upheld ? [answered, rejected(ref, 'public_notice', resolution)] : [answered];
    }
    case 'ConferTitle': {
      if (today <= s.noticeEndsOn!) throw conflict(`the public notice runs until ${s.noticeEndsOn}; confer after it`);
      const open = Object.entries(s.objections)
        .filter(([, o]) => o)
        .map(([id]) => id);
      if (open.length) throw conflict(`objections ${open.join(', ')} are not resolved`);
      return [
        {
          type: 'TitleConferred',
          version: 1,
          data: {
            ...ref,
            titleId: s.nominationId,
            kind: program.kind,
            level: program.level,
            authority: program.authority,
            holder: s.nominee!,
            conferredOn: today,
            validUntil: addYears(today, program.validityYears),
          },
        },
      ];
    }
    case 'ReinspectTitle': {
      const { passed, remark } = command.data;
      const validUntil = passed ? addYears(today, program.validityYears) : s.validUntil!;
      const done: Out = {
        type: 'TitleReinspected',
        version: 1,
        data: {
          titleId: s.nominationId,
          communityCode: ref.communityCode,
          passed,
          remark,
          inspectedOn: today,
          validUntil,
        },
      };
      return passed
        ? [done]
        : [
            done,
            {
              type: 'TitleRemoved',
              version: 1,
              data: {
                titleId: s.nominationId,
                communityCode: ref.communityCode,
                reason: 'reinspection_failed',
                detail: remark,
                removedOn: today,
              },
            },
          ];
    }
  }
  return [];
}

function assertEligible(ctx: NominationContext): void {
  const e = ctx.eligibility;
  if (!e) throw invalid('no scorecard for the community: eligibility cannot be read from the scores');
  const reasons = [
    ...(e.total < e.minTotal ? [`total ${e.total} is below ${e.minTotal}`] : []),
    ...(ctx.program.eligibility.noVeto && e.vetoed
      ? ['a confirmed veto incident lies within the look-back window']
      : []),
  ];
  if (reasons.length) throw invalid(`not eligible: ${reasons.join('; ')}`, { eligibility: e });
}

const rejected = (
  ref: { nominationId: string; programId: string; communityCode: string },
  step: string,
  reason: string,
): Out => ({ type: 'NominationRejected', version: 1, data: { ...ref, step, reason } });

/** The rating most peers gave; on a tie, the lower one (a doubt counts against). */
export function prevailing(ratings: Record<PeerRating, number>): PeerRating {
  return [...PEER_RATINGS]
    .reverse()
    .reduce((best, r) => ((ratings[r] ?? 0) > (ratings[best] ?? 0) ? r : best), 'average' as PeerRating);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
/** The same day n years on; 29 February falls back to 28 February in a common year. */
export const addYears = (day: string, n: number): string => {
  const year = +day.slice(0, 4) + n;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day.slice(5) === '02-29' && !leap ? `${year}-02-28` : `${year}${day.slice(4)}`;
};

export const nominationDecider = (ctx: NominationContext) => ({
  initialState: initialNomination,
  evolve: evolveNomination,
  decide: (command: NominationCommand, state: Nomination) => decideNomination(command, state, ctx),
});
