import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, codePrefix, codeRange, levelOf } from '@chuangwen/contracts';
import type { Clock, JurisdictionLevel } from '@chuangwen/contracts';
import { Filter, READ_STORE, ReadStore } from '@chuangwen/read-store';
import { applicableStandards, authorityChain, evaluate, toDay } from '@chuangwen/scoring-engine';
import type { CommunityFacts, Scorecard, Standard } from '@chuangwen/scoring-engine';
import { evolveFacts } from '../facts/evolve-facts';
import { sourceKeysOfEvent, sourceKeysOfRule } from '../facts/fact-sources';
import { asFactEvent, decodeEntry, FactLogEntry } from '../facts/fact-log';
import { Aggregate, addInto, describe, emptyAggregate } from '../rollups/rollup';
import {
  COMMUNITIES, CommunityDoc, FACT_LOG, FactLogDoc, ROLLUPS, RollupDoc, SCORES, scoreId, ScoreDoc, STANDARDS, StandardDoc, storedCommunity,
} from './collections';
import { STANDARD_INDEX_ID, StandardIndexDoc, StandardsCache } from './standards-cache';
import { cardAggregate } from './standing';

/** Community rankings under a province or city walk an index of their own; see `communitiesUnder`. */
const LEVEL_FIELD: Partial<Record<JurisdictionLevel, keyof ScoreDoc>> = { province: 'province', city: 'city' };
const CHILD_LEVEL: Record<JurisdictionLevel, JurisdictionLevel | undefined> = {
  country: 'province', province: 'city', city: 'district', district: 'street', street: 'community', community: undefined,
};

export class UnknownStandardError extends Error {}

/**
 * The score documents of the communities below `parent`. Under a district or a street (at most a
 * few thousand) they are the `_id` range of the codes' prefix (`standardId|code`), sorted on read: two fewer indexes for a rebuild to build (each a scan of the
 * whole collection) at under a few milliseconds a ranking. Under a city, province or the country,
 * an index on the level's field and the total.
 */
function communitiesUnder(standardId: string, parent: string): Filter {
  const level = levelOf(parent);
  if (level === 'district' || level === 'street') return { _id: codeRange(scoreId(standardId, codePrefix(parent))) };
  const field = LEVEL_FIELD[level];
  return { standardId, ...(field ? { [field]: parent } : {}) };
}

/** Reads over the scoring read models; a community's card is evaluated on read, at today or `asOf`. */
@Injectable()
export class ScoringQueries {
  private readonly cache = new StandardsCache();

  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  today(): string {
    return toDay(this.clock.now());
  }

  async standards(): Promise<Standard[]> {
    const index = await this.store.get<StandardIndexDoc & { _pos: number }>(STANDARDS, STANDARD_INDEX_ID);
    const docs = await this.store.getMany<StandardDoc>(STANDARDS, (index?.versions ?? []).map((v) => `${v.standardId}@${v.version}`));
    return docs.map((d) => this.cache.standardOf(d));
  }

  /** The standards in force for a jurisdiction on a day, nearest authority first (the default first). */
  async standardsFor(code: string, day: string, standardId?: string): Promise<Standard[]> {
    const all = applicableStandards(await this.standards(), authorityChain(code === '000000' ? '000000' : code), day);
    if (!standardId) return all;
    const chosen = all.filter((s) => s.id === standardId);
    if (chosen.length === 0) throw new UnknownStandardError(`standard ${standardId} is not in force for ${code} on ${day}`);
    return chosen;
  }

  /** A community's facts now, or as they stood at the end of `day` (refolded from its fact log). */
  async facts(code: string, asOf?: string): Promise<CommunityFacts | undefined> {
    if (!asOf) return storedCommunity(await this.store.get<CommunityDoc>(COMMUNITIES, code))?.facts;
    const entries = await this.log(code, asOf);
    return entries.reduce((f, e) => evolveFacts(f, asFactEvent(e)), {} as CommunityFacts);
  }

  /** The community's fact log, up to the end of `asOf` when given. */
  private async log(code: string, asOf?: string): Promise<FactLogEntry[]> {
    const entries = ((await this.store.get<FactLogDoc>(FACT_LOG, code))?.entries ?? []).map(decodeEntry);
    return asOf ? entries.filter((e) => e.recordedOn <= asOf) : entries;
  }

  async communityScorecards(code: string, options: { asOf?: string; standardId?: string } = {}): Promise<{ day: string; cards: Scorecard[] }> {
    const day = options.asOf ?? this.today();
    const facts = (await this.facts(code, options.asOf)) ?? {};
    const standards = await this.standardsFor(code, day, options.standardId);
    return { day, cards: standards.map((s) => evaluate(s, facts, day)) };
  }

  /** Figures of a street, district, city, province or the country under its default (or a chosen) standard. */
  async nodeFigures(code: string, options: { asOf?: string; standardId?: string } = {}) {
    const day = options.asOf ?? this.today();
    const [standard] = await this.standardsFor(code, day, options.standardId);
    if (!standard) return { day, standard: null, figures: null, children: [] };
    const aggregate = options.asOf ? await this.aggregateAsOf(code, standard, options.asOf) : (await this.rollup(standard.id, code))?.aggregate;
    const children = options.asOf ? [] : await this.rankChildren(standard.id, code);
    return { day, standard: { id: standard.id, version: standard.version, title: standard.title }, figures: describe(aggregate ?? emptyAggregate()), children };
  }

  private rollup(standardId: string, code: string) {
    return this.store.get<RollupDoc>(ROLLUPS, scoreId(standardId, code));
  }

  /** As-of roll-ups are computed from the communities' fact logs: exact, and paid for only when asked. */
  private async aggregateAsOf(code: string, standard: Standard, day: string): Promise<Aggregate> {
    const prefix = codePrefix(code);
    const total = emptyAggregate();
    const members = await this.store.find<CommunityDoc>(COMMUNITIES, prefix ? { _id: codeRange(prefix), registered: true } : { registered: true });
    for (const m of members) {
      const card = evaluate(standard, (await this.facts(m.code, day)) ?? {}, day);
      addInto(total, cardAggregate(card), 1);
    }
    return total;
  }

  /** Direct children of a node ranked by mean total, then pass rate. */
  async rankChildren(standardId: string, code: string) {
    const node = await this.rollup(standardId, code);
    return Object.entries(node?.children ?? {})
      .map(([child, a]) => ({ code: child, ...describe(a) }))
      .sort((x, y) => (y.meanTotal ?? -1) - (x.meanTotal ?? -1) || (y.passRate ?? 0) - (x.passRate ?? 0) || x.code.localeCompare(y.code))
      .map((row, i) => ({ rank: i + 1, ...row, histogram: undefined }));
  }

  /** Rankings below `parent`: its direct children by roll-up, or its communities (any depth) by total. */
  async rankings(parent: string, level: JurisdictionLevel, options: { standardId?: string; limit?: number; offset?: number } = {}) {
    const day = this.today();
    const [standard] = await this.standardsFor(parent, day, options.standardId);
    if (!standard) return { standard: null, level, items: [] };
    const limit = options.limit ?? 100;
    const offset = options.offset ?? 0;
    const meta = { id: standard.id, version: standard.version, title: standard.title };
    if (level === 'community') {
      const docs = await this.store.find<ScoreDoc>(SCORES, communitiesUnder(standard.id, parent), { sort: { total: -1 }, limit, skip: offset });
      return {
        standard: meta, level,
        items: docs.map((d, i) => ({ rank: offset + i + 1, code: d.code, total: d.total, passed: d.passed, vetoed: d.vetoed, gaps: d.gapCount, evaluatedOn: d.day })),
      };
    }
    let parents = [parent];
    for (let l = CHILD_LEVEL[levelOf(parent)]; l && l !== level; l = CHILD_LEVEL[l]) {
      parents = (await Promise.all(parents.map((p) => this.store.find<RollupDoc>(ROLLUPS, { standardId: standard.id, parentCode: p })))).flat().map((r) => r.code);
    }
    const rows = (await Promise.all(parents.map((p) => this.rankChildren(standard.id, p)))).flat();
    rows.sort((x, y) => (y.meanTotal ?? -1) - (x.meanTotal ?? -1) || x.code.localeCompare(y.code));
    return { standard: meta, level, items: rows.slice(offset, offset + limit).map((r, i) => ({ ...r, rank: offset + i + 1 })) };
  }

  /** An indicator of a community's card, and the events (from its fact log) that produced it. */
  async explain(code: string, indicatorId: string, options: { asOf?: string; standardId?: string } = {}) {
    const { day, cards } = await this.communityScorecards(code, options);
    const card = cards[0];
    if (!card) return undefined;
    const standard = (await this.standardsFor(code, day, card.standard.id))[0];
    const indicator = standard.categories.flatMap((c) => c.indicators).find((i) => i.id === indicatorId);
    if (!indicator) return { card, indicator: undefined, events: [] };
    const year = +day.slice(0, 4);
    const years = Array.from({ length: Math.max(1, (standard.cycle.years ?? 1) + 1) }, (_, i) => year - i);
    const wanted = new Set(sourceKeysOfRule(standard.id, indicator.id, indicator.rule, years));
    const events = (await this.log(code, options.asOf))
      .filter((e) => sourceKeysOfEvent(asFactEvent(e)).some((k) => wanted.has(k)));
    return { card, indicator, score: card.indicators.find((i) => i.id === indicatorId)!, events };
  }
}

