import { codeAncestors } from '@chuangwen/contracts';
import { applicableStandards, authorityChain, evaluate, nextReviewDay } from '@chuangwen/scoring-engine';
import type { CommunityFacts, Scorecard, Standard } from '@chuangwen/scoring-engine';
import { Aggregate, aggregateOf } from '../rollups/rollup';
import { scoreId, ScoreDoc } from './collections';

/** Its score under one standard: the stored document, and what it adds to its street. */
export interface Scored {
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
 * Pure: the one evaluation both the live projection and its replay use, so they cannot disagree.
 * `standards`: every published version; those of the community's authorities apply.
 */
export function standingOf(code: string, facts: CommunityFacts, day: string, standards: readonly Standard[]): Standing {
  const chain = authorityChain(code);
  const applicable = applicableStandards(standards, chain, day);
  const { province, city, district, street } = placeOf(code);
  const scores = applicable.map((standard): Scored => {
    const card = evaluate(standard, facts, day);
    const doc = {
      _id: scoreId(standard.id, code), standardId: standard.id, version: standard.version, code, street, district, city, province,
      total: card.total, passed: card.passed, vetoed: card.veto.vetoed, gapCount: card.gaps.length, awaitingData: card.awaitingData, day,
    } as Omit<ScoreDoc, '_pos'>;
    return { doc, aggregate: cardAggregate(card) };
  });
  const reviewOn = nextReviewDay(standards.filter((s) => chain.includes(s.issuingAuthority)), facts, day);
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
