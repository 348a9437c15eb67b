import { codeAncestors, levelOf } from '@chuangwen/contracts';
import type { JurisdictionLevel } from '@chuangwen/contracts';
import type { CollectionSpec, ReadDoc } from '@chuangwen/read-store';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import { emptyFacts } from '../facts/evolve-facts';
import type { EncodedEntry } from '../facts/fact-log';
import { Aggregate, emptyAggregate } from '../rollups/rollup';

/** The scoring projection's read models. Field names are part of the queries' indexes. */
export const COMMUNITIES = 'scoring_communities';
export const STANDARDS = 'scoring_standards';
export const SCORES = 'community_scores';
export const ROLLUPS = 'rollups';
export const FACT_LOG = 'fact_logs';

/** One registered community and its facts now. */
export interface CommunityDoc extends ReadDoc {
  code: string;
  registered: boolean;
  facts: CommunityFacts;
  /** Standard ids it is currently scored under (so a standard that stops applying is taken out). */
  scoredUnder: string[];
  /** The first day its card may change with no new event (nextReviewDay); absent until first scored. */
  reviewOn?: string;
}

/** A published standard version, kept whole so the projection and queries can evaluate it. */
export interface StandardDoc extends ReadDoc {
  standardId: string;
  version: number;
  issuingAuthority: string;
  effectiveFrom: string;
  effectiveTo?: string;
  document: Record<string, unknown>;
}

/** A community's standing under one standard, for rankings and roll-ups. */
export interface ScoreDoc extends ReadDoc {
  standardId: string;
  version: number;
  code: string;
  street: string;
  district: string;
  city: string;
  province: string;
  total: number;
  passed: boolean;
  vetoed: boolean;
  /** Its place in every ranking: its tier (passing, not passing, vetoed) and total (rankings/ranking.ts). */
  rankKey: number;
  /** Indicators below their threshold (which ones: the community's card, or its street's roll-up). */
  gapCount: number;
  /** Their ids: with total, passed and vetoed, what the community adds to its street (`aggregateOf`). */
  gaps: string[];
  awaitingData: number;
  /** The day it was evaluated at (the China day its last event was recorded). */
  day: string;
}

/** A street, district, city, province or the country under one standard. */
export interface RollupDoc extends ReadDoc {
  standardId: string;
  code: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  children: Record<string, Aggregate>;
  aggregate: Aggregate;
}

/** A community's fact log (see facts/fact-log.ts): one document per community (`_id` its code), entries in position order. */
export interface FactLogDoc extends ReadDoc {
  entries: EncodedEntry[];
}

export const SCORING_COLLECTIONS: readonly CollectionSpec[] = [
  // By code: the primary key (`_id` is the code), so no index of its own.
  { name: COMMUNITIES, indexes: [{ fields: { reviewOn: 1 } }] },
  { name: STANDARDS, indexes: [{ fields: { issuingAuthority: 1 } }] },
  {
    name: SCORES,
    indexes: [
      // Rankings of communities nationally, by province and by city (by district and street: `_id` ranges).
      { fields: { standardId: 1, rankKey: -1 } },
      { fields: { standardId: 1, city: 1, rankKey: -1 } },
      { fields: { standardId: 1, province: 1, rankKey: -1 } },
    ],
  },
  { name: ROLLUPS, indexes: [{ fields: { standardId: 1, parentCode: 1 } }] },
  { name: FACT_LOG },
];

export const scoreId = (standardId: string, code: string) => `${standardId}|${code}`;

/**
 * A stored community as the code reads it: fields stored as null mean absent. A MongoDB read store
 * before `ignoreUndefined` stored the unset fields of `emptyFacts()` as null, and the engine's
 * defaults (`incidents = []`, `?? {}`) do not apply to null. Returns the document it was given.
 */
export function storedCommunity<D extends CommunityDoc | undefined>(doc: D): D {
  if (!doc) return doc;
  const facts = (doc.facts ??= {}) as Record<string, unknown>;
  for (const k of Object.keys(facts)) if (facts[k] === null) facts[k] = undefined;
  if (doc.reviewOn === null) doc.reviewOn = undefined;
  doc.scoredUnder ??= [];
  return doc;
}

export const newCommunity = (code: string): CommunityDoc => ({
  _id: code,
  _pos: -1,
  code,
  registered: false,
  facts: emptyFacts(),
  scoredUnder: [],
});
export const newFactLog = (code: string): FactLogDoc => ({ _id: code, _pos: -1, entries: [] });
export const newRollup = (standardId: string, code: string): RollupDoc => ({
  _id: scoreId(standardId, code),
  _pos: -1,
  standardId,
  code,
  level: levelOf(code),
  parentCode: codeAncestors(code).pop() ?? null,
  children: {},
  aggregate: emptyAggregate(),
});
