import type { DomainEvent } from '../envelope';

/**
 * Events of the awards context (评选表彰). The procedure follows the seeds: application or
 * nomination (申报/推荐) → material review (审核材料) → report hearing with peer rating (听取汇报,
 * 互评 好/较好/一般, seed 003) → field inspection (实地考察) → shortlist (拟表彰对象) → public notice in
 * the media (公示, seed 003 and seed 001) with objections → conferral (表彰/命名); then dynamic
 * management: re-inspection (复查) and removal of the title (摘牌, seed 002).
 */
type Day = string; // 'YYYY-MM-DD', China time

export const awardProgramStream = (programId: string): string => `award-program-${programId}`;
export const nominationStream = (nominationId: string): string => `nomination-${nominationId}`;

/** Award kinds the seeds name, and who can hold them. */
export const AWARD_KINDS = {
  civilized_community: { label: '文明社区', holder: 'community' },
  five_good_family: { label: '五好文明家庭', holder: 'family' },
  civilized_compound: { label: '文明楼院', holder: 'compound' },
  civilized_citizen: { label: '文明市民', holder: 'person' },
  moral_model: { label: '道德模范', holder: 'person' },
  virtuous_youth: { label: '美德少年', holder: 'person' },
  good_person: { label: '身边好人', holder: 'person' },
  volunteer_star: { label: '志愿服务之星', holder: 'person' },
} as const;
export type AwardKind = keyof typeof AWARD_KINDS;
export type NomineeType = (typeof AWARD_KINDS)[AwardKind]['holder'];
export const AWARD_KIND_VALUES = Object.keys(AWARD_KINDS) as AwardKind[];

/** The ten kinds of 道德模范 (seed 001: 助人为乐 … 慈善事业模范). */
export const MORAL_MODEL_KINDS = [
  'helping_others',
  'bravery',
  'honesty',
  'filial_piety',
  'dedication',
  'teaching_ethics',
  'artistic_virtue',
  'medical_ethics',
  'serving_the_people',
  'charity',
] as const;
export type MoralModelKind = (typeof MORAL_MODEL_KINDS)[number];

/** Title levels, lowest first (seed 000: titles at county, prefecture/city and region level). */
export const TITLE_LEVELS = ['street', 'county', 'city', 'province', 'national'] as const;
export type TitleLevel = (typeof TITLE_LEVELS)[number];
export const titleLevelRank = (level: TitleLevel): number => TITLE_LEVELS.indexOf(level);

/** Peer ratings at a report hearing (seed 003: “好”、“较好”、“一般”). */
export const PEER_RATINGS = ['good', 'fairly_good', 'average'] as const;
export type PeerRating = (typeof PEER_RATINGS)[number];

export interface Nominee {
  readonly type: NomineeType;
  /** The community the nominee is, or lives in. */
  readonly communityCode: string;
  /** The name of the person, family or compound (a community's own name for a community). */
  readonly name: string;
  readonly moralModelKind?: MoralModelKind;
}

export interface Eligibility {
  /** A community title needs a scorecard total at or above this (default: the standard's pass mark). */
  readonly minTotal?: number;
  /** No confirmed veto incident in the standard's look-back window (甘肃 细则: 申报前两年内). */
  readonly noVeto: boolean;
  readonly standardId?: string;
}

export interface AwardProgramData {
  readonly programId: string;
  readonly kind: AwardKind;
  readonly level: TitleLevel;
  readonly title: string;
  /** The office running it (its jurisdiction code). */
  readonly authority: string;
  /** The selection cycle: nominations are taken from `from` to `to`. */
  readonly cycle: { readonly from: Day; readonly to: Day };
  readonly quota: number;
  /** Days of public notice (公示); 7 by default. */
  readonly noticeDays: number;
  readonly eligibility: Eligibility;
  /** Years a conferred title is valid before re-inspection (seed 000: every two years). */
  readonly validityYears: number;
}

/** v1: an office set up an award program. */
export type AwardProgramDefined = DomainEvent<'AwardProgramDefined', AwardProgramData>;

/**
 * v1: a nomination took one of the program's places (名额) as it was shortlisted, on the program's
 * stream, whose revision makes two shortlists for the last place exclusive. The place is free again
 * once the nomination is rejected or its title removed.
 */
export type AwardPlaceReserved = DomainEvent<
  'AwardPlaceReserved',
  {
    readonly programId: string;
    readonly nominationId: string;
    readonly communityCode: string;
    readonly reservedOn: Day;
  }
>;
export type AwardProgramEvent = AwardProgramDefined | AwardPlaceReserved;

interface NominationRef {
  readonly nominationId: string;
  readonly programId: string;
  readonly communityCode: string;
}

/** v1: an application (申报) or nomination (推荐) entered a program; eligibility read from the scores. */
export type NominationSubmitted = DomainEvent<
  'NominationSubmitted',
  NominationRef & {
    readonly route: 'application' | 'nomination';
    readonly nominee: Nominee;
    readonly kind: AwardKind;
    readonly level: TitleLevel;
    readonly authority: string;
    readonly submittedOn: Day;
    /** For community titles: the scorecard that made it eligible. */
    readonly eligibility?: {
      readonly standardId: string;
      readonly total: number;
      readonly minTotal: number;
      readonly vetoed: boolean;
      readonly asOf: Day;
    };
  }
>;

/** v1: the materials were reviewed (审核材料). */
export type MaterialsReviewed = DomainEvent<
  'MaterialsReviewed',
  NominationRef & { readonly passed: boolean; readonly remark: string; readonly reviewedOn: Day }
>;

/** v1: the nominee's report was heard and rated by peers (好/较好/一般); `result` is the most frequent. */
export type ReportHeard = DomainEvent<
  'ReportHeard',
  NominationRef & {
    readonly ratings: Readonly<Record<PeerRating, number>>;
    readonly result: PeerRating;
    readonly heardOn: Day;
  }
>;

/** v1: a field inspection (实地考察) of the nominee. */
export type FieldInspected = DomainEvent<
  'FieldInspected',
  NominationRef & { readonly passed: boolean; readonly remark: string; readonly inspectedOn: Day }
>;

/** v1: the nominee was put on the shortlist (拟表彰对象). */
export type NominationShortlisted = DomainEvent<
  'NominationShortlisted',
  NominationRef & { readonly shortlistedOn: Day }
>;

/** v1: a nomination left the procedure (failed a step, or an objection was upheld). */
export type NominationRejected = DomainEvent<
  'NominationRejected',
  NominationRef & { readonly step: string; readonly reason: string }
>;

/** v1: the shortlisted nominee was put on public notice (公示) until `endsOn` (inclusive). */
export type PublicNoticeStarted = DomainEvent<
  'PublicNoticeStarted',
  NominationRef & { readonly startsOn: Day; readonly endsOn: Day; readonly days: number }
>;

/** v1: an objection was lodged during the public notice. */
export type ObjectionLodged = DomainEvent<
  'ObjectionLodged',
  NominationRef & { readonly objectionId: string; readonly summary: string; readonly lodgedOn: Day }
>;

/** v1: an objection was answered; an upheld one ends the nomination. */
export type ObjectionResolved = DomainEvent<
  'ObjectionResolved',
  NominationRef & {
    readonly objectionId: string;
    readonly upheld: boolean;
    readonly resolution: string;
    readonly resolvedOn: Day;
  }
>;

/** v1: the title was conferred (表彰/命名); `titleId` is the nomination's id. */
export type TitleConferred = DomainEvent<
  'TitleConferred',
  NominationRef & {
    readonly titleId: string;
    readonly kind: AwardKind;
    readonly level: TitleLevel;
    readonly authority: string;
    readonly holder: Nominee;
    readonly conferredOn: Day;
    readonly validUntil: Day;
  }
>;

/** v1: a title was re-inspected (复查) at the end of its cycle; a pass extends it. */
export type TitleReinspected = DomainEvent<
  'TitleReinspected',
  {
    readonly titleId: string;
    readonly communityCode: string;
    readonly passed: boolean;
    readonly remark: string;
    readonly inspectedOn: Day;
    readonly validUntil: Day;
  }
>;

/** v1: a title was removed (摘牌), with the reason. */
export type TitleRemoved = DomainEvent<
  'TitleRemoved',
  {
    readonly titleId: string;
    readonly communityCode: string;
    readonly reason: 'veto_incident' | 'reinspection_failed' | 'other';
    readonly detail: string;
    readonly incidentId?: string;
    readonly removedOn: Day;
  }
>;

export type NominationEvent =
  | NominationSubmitted
  | MaterialsReviewed
  | ReportHeard
  | FieldInspected
  | NominationShortlisted
  | NominationRejected
  | PublicNoticeStarted
  | ObjectionLodged
  | ObjectionResolved
  | TitleConferred;
export type TitleEvent = TitleConferred | TitleReinspected | TitleRemoved;
export type AwardsContextEvent = AwardProgramEvent | NominationEvent | TitleReinspected | TitleRemoved;
