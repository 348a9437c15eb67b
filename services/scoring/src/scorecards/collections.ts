import type { JurisdictionLevel } from '@chuangwen/contracts';
import type { CollectionSpec, ReadDoc } from '@chuangwen/read-store';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import type { Aggregate } from '../rollups/rollup';

/** The scoring projection's read models. Field names are part of the queries' indexes. */
export const COMMUNITIES = 'scoring_communities';
export const STANDARDS = 'scoring_standards';
export const SCORES = 'community_scores';
export const ROLLUPS = 'rollups';
export const FACT_LOG = 'fact_entries';

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

/** A compact entry of a community's fact log: enough to refold the facts and to explain a figure. */
export interface FactLogEntry {
  /** Global position. */
  p: number;
  eventId: string;
  type: string;
  /** China day the event was recorded: as-of figures are the facts known by the end of a day. */
  day: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * One fact event of a community, a document of its own: written once and never read back by the
 * projection (a log kept in growing per-year documents costs a read and a rewrite per event).
 */
export interface FactEntryDoc extends ReadDoc, FactLogEntry {
  code: string;
}

export const SCORING_COLLECTIONS: readonly CollectionSpec[] = [
  { name: COMMUNITIES, indexes: [{ fields: { code: 1 } }, { fields: { reviewOn: 1 } }] },
  { name: STANDARDS, indexes: [{ fields: { issuingAuthority: 1 } }] },
  {
    name: SCORES,
    indexes: [
      { fields: { standardId: 1, total: -1 } },
      { fields: { standardId: 1, street: 1, total: -1 } },
      { fields: { standardId: 1, district: 1, total: -1 } },
      { fields: { standardId: 1, city: 1, total: -1 } },
      { fields: { standardId: 1, province: 1, total: -1 } },
    ],
  },
  { name: ROLLUPS, indexes: [{ fields: { standardId: 1, parentCode: 1 } }] },
  { name: FACT_LOG, indexes: [{ fields: { code: 1, p: 1 } }] },
];

export const scoreId = (standardId: string, code: string) => `${standardId}|${code}`;
/** By position alone (unique in the log), zero-padded: new entries go to the end of the store's primary index. */
export const factEntryId = (position: number) => String(position).padStart(12, '0');
