import { codeAncestors } from '@chuangwen/contracts';
import { applicableStandards, authorityChain, evaluate, nextReviewDay } from '@chuangwen/scoring-engine';
import type { CommunityFacts, Scorecard, Standard } from '@chuangwen/scoring-engine';
import { rankKey } from '../rankings/ranking';
import { Aggregate, aggregateOf } from '../rollups/rollup';
import { scoreId, ScoreDoc } from './collections';

/** Its score under one standard: the scorecard, the stored document, and what it adds to its street. */
export interface Scored {
  readonly card: Scorecard;
  readonly doc: Omit<ScoreDoc, '_pos'>;
  readonly aggregate: Aggregate;
}

/** A community's standing on a day: its score under each standard in force, and when to look again. */
export interface Standing {
  readonly scores: Scored[];
  /** Ids of the standards it is scored under, in the order of `scores`. */
  readonly scoredUnder: string[];
  /** The first day its card may change with no new event (see nextReviewDay). */
  readonly reviewOn: string;
}

/**
 * Pure: the one evaluation of a community under a standard. Every figure goes through it: the live
 * projection and its replay (through `standingOf`), the scorecards served now, as of a day or as
 * known at an instant, the roll-ups and rankings computed on read.
 */
export function scoreOf(
  standard: Standard,
  code: string,
  facts: CommunityFacts,
  day: string,
  place = placeOf(code),
): Scored {
  const card = evaluate(standard, facts, day);
  const { province, city, district, street } = place;
  const standing = { total: card.total, passed: card.passed, vetoed: card.veto.vetoed };
  const doc = {
    _id: scoreId(standard.id, code),
    standardId: standard.id,
    version: standard.version,
    code,
    street,
    district,
    city,
    province,
    ...standing,
    rankKey: rankKey(standing),
    gapCount: card.gaps.length,
    gaps: card.gaps.map((g) => g.id),
    awaitingData: card.awaitingData,
    day,
  } as Omit<ScoreDoc, '_pos'>;
  return { card, doc, aggregate: cardAggregate(card) };
}

/**
 * Pure: a community's standing under every standard that applies on `day` (`scoreOf` each), as
 * the live projection and its replay store it, so they cannot disagree.
 * `standards`: every published version; those of the community's authorities apply.
 */
export function standingOf(code: string, facts: CommunityFacts, day: string, standards: readonly Standard[]): Standing {
  const chain = authorityChain(code);
  const applicable = applicableStandards(standards, chain, day);
  const place = placeOf(code);
  const scores = applicable.map((standard): Scored => scoreOf(standard, code, facts, day, place));
  const reviewOn = nextReviewDay(
    standards.filter((s) => chain.includes(s.issuingAuthority)),
    facts,
    day,
  );
  return { scores, scoredUnder: applicable.map((s) => s.id), reviewOn };
}

/**
 * A community's province, city, district and street. A city without districts (东莞 441900) has its
 * streets straight below it (codeAncestors gives no district): its district is ''.
 */
export function placeOf(community: string): { province: string; city: string; district: string; street: string } {
  const [, province = '', city = '', ...below] = codeAncestors(community);
  const [district, street] = below.length === 2 ? below : ['', below[0] ?? ''];
  return { province, city, district, street };
}

/** What a community's card adds to its street (live, replayed, or as of a past day). */
export const cardAggregate = (card: Scorecard): Aggregate =>
  aggregateOf({ total: card.total, passed: card.passed, vetoed: card.veto.vetoed, gaps: card.gaps.map((g) => g.id) });

/** The later of two days (a community touched several times in a unit of work is scored at the last). */
export const maxDay = (a: string | undefined, b: string): string => (a && a > b ? a : b);
