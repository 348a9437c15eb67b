import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, codePrefix, codeRange, levelOf } from '@chuangwen/contracts';
import type { Clock, JurisdictionLevel } from '@chuangwen/contracts';
import { Filter, READ_STORE, ReadStore } from '@chuangwen/read-store';
import { applicableStandards, authorityChain, toDay } from '@chuangwen/scoring-engine';
import type { CommunityFacts, Scorecard, Standard } from '@chuangwen/scoring-engine';
import { ActivityTally, emptyTally, tallies } from '../activity-tallies/activity-tally';
import { explainIndicator } from '../facts/explain';
import { decodeEntry, FactLogEntry } from '../facts/fact-log';
import { factsAt, Known, recordedLate, tallyAt } from '../facts/facts-at';
import { communityReason, compareCommunities, compareNodes, nodeReason, ranked } from '../rankings/ranking';
import { nodeRows, rankNode } from '../rankings/ranking-rows';
import { Aggregate, describe, emptyAggregate, TitleOf } from '../rollups/rollup';
import {
  COMMUNITIES,
  CommunityDoc,
  FACT_LOG,
  FactLogDoc,
  ROLLUPS,
  RollupDoc,
  SCORES,
  scoreId,
  ScoreDoc,
  STANDARDS,
  StandardDoc,
  storedCommunity,
} from './collections';
import { changedFigures, endOfDay, NodeRevisions, Revisions, revisionsOf } from './revisions';
import { rollUpCommunities } from './rollup-tree';
import { STANDARD_INDEX_ID, StandardIndexDoc, StandardsCache } from './standards-cache';
import { scoreOf } from './standing';

/** Community rankings under a province or city walk an index of their own; see `communitiesUnder`. */
const LEVEL_FIELD: Partial<Record<JurisdictionLevel, keyof ScoreDoc>> = { province: 'province', city: 'city' };
const CHILD_LEVEL: Record<JurisdictionLevel, JurisdictionLevel | undefined> = {
  country: 'province',
  province: 'city',
  city: 'district',
  district: 'street',
  street: 'community',
  community: undefined,
};

export class UnknownStandardError extends Error {}

/**
 * When a figure is for. Nothing: now. `asOf` (a day): that day, from every fact known now that had
 * occurred by its end. `knownAt` (an instant): what the platform showed then, from the facts
 * recorded by it (evaluated at its China day unless `asOf` is given too).
 */
export interface When {
  readonly asOf?: string;
  readonly knownAt?: string;
}

export interface FigureOptions extends When {
  readonly standardId?: string;
}

/** A `When` resolved: the evaluation day and which facts count. */
interface Moment {
  readonly day: string;
  readonly known: Known;
  /** Not now: figures are computed on read from the fact logs. */
  readonly past: boolean;
}

/**
 * The score documents of the communities below `parent`. Under a district or a street (at most a
 * few thousand) they are the `_id` range of the codes' prefix (`standardId|code`), sorted on read: two fewer indexes for a rebuild to build (each a scan of the
 * whole collection) at under a few milliseconds a ranking. Under a city, province or the country,
 * an index on the level's field and the rank key.
 */
function communitiesUnder(standardId: string, parent: string): Filter {
  const level = levelOf(parent);
  if (level === 'district' || level === 'street') return { _id: codeRange(scoreId(standardId, codePrefix(parent))) };
  const field = LEVEL_FIELD[level];
  return { standardId, ...(field ? { [field]: parent } : {}) };
}

/**
 * Reads over the scoring read models. Now: a community's card is evaluated on read at today from
 * its stored facts; roll-ups and rankings read what the projection stored. As of a day or as known
 * at an instant: everything is computed on read from the fact logs, with the same fold (factsAt),
 * evaluation (scoreOf), roll-up (rollUpCommunities) and ranking rule (rankings/ranking.ts).
 */
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

  /** The day a `When` is evaluated at. */
  dayOf(when: When = {}): string {
    return when.asOf ?? (when.knownAt ? toDay(when.knownAt) : this.today());
  }

  private moment(when: When = {}): Moment {
    const knownBy = when.knownAt ? Date.parse(when.knownAt) : undefined;
    return { day: this.dayOf(when), known: { occurredBy: when.asOf, knownBy }, past: !!(when.asOf || when.knownAt) };
  }

  async standards(): Promise<Standard[]> {
    const index = await this.store.get<StandardIndexDoc & { _pos: number }>(STANDARDS, STANDARD_INDEX_ID);
    const docs = await this.store.getMany<StandardDoc>(
      STANDARDS,
      (index?.versions ?? []).map((v) => `${v.standardId}@${v.version}`),
    );
    return docs.map((d) => this.cache.standardOf(d));
  }

  /** The standards in force for a jurisdiction on a day, nearest authority first (the default first). */
  async standardsFor(code: string, day: string, standardId?: string): Promise<Standard[]> {
    const all = applicableStandards(await this.standards(), authorityChain(code === '000000' ? '000000' : code), day);
    if (!standardId) return all;
    const chosen = all.filter((s) => s.id === standardId);
    if (chosen.length === 0)
      throw new UnknownStandardError(`standard ${standardId} is not in force for ${code} on ${day}`);
    return chosen;
  }

  /** A community's facts now, or as a `When` selects them (refolded from its fact log). */
  async facts(code: string, when: When = {}): Promise<CommunityFacts | undefined> {
    const m = this.moment(when);
    if (!m.past) return storedCommunity(await this.store.get<CommunityDoc>(COMMUNITIES, code))?.facts;
    return factsAt(await this.log(code), m.known);
  }

  /** The community's whole fact log, decoded. */
  private async log(code: string): Promise<FactLogEntry[]> {
    return ((await this.store.get<FactLogDoc>(FACT_LOG, code))?.entries ?? []).map(decodeEntry);
  }

  async communityScorecards(
    code: string,
    options: FigureOptions = {},
  ): Promise<{ day: string; cards: Scorecard[]; revisions: Revisions | null }> {
    const m = this.moment(options);
    const standards = await this.standardsFor(code, m.day, options.standardId);
    if (!m.past) {
      const facts = (await this.facts(code)) ?? {};
      return { day: m.day, cards: standards.map((s) => scoreOf(s, code, facts, m.day).card), revisions: null };
    }
    const log = await this.log(code);
    const cards = standards.map((s) => scoreOf(s, code, factsAt(log, m.known), m.day).card);
    return {
      day: m.day,
      cards,
      revisions: options.asOf ? revisionsOf(code, log, cards, standards, options.asOf, m.known) : null,
    };
  }

  /** Figures of a street, district, city, province or the country under its default (or a chosen) standard. */
  async nodeFigures(code: string, options: FigureOptions = {}) {
    const m = this.moment(options);
    const [standard] = await this.standardsFor(code, m.day, options.standardId);
    if (!standard) return { day: m.day, standard: null, figures: null, children: [], revisions: null };
    const meta = { id: standard.id, version: standard.version, title: standard.title };
    if (!m.past) {
      const aggregate = (await this.rollup(standard.id, code))?.aggregate;
      return {
        day: m.day,
        standard: meta,
        figures: describe(aggregate ?? emptyAggregate(), titlesOf(standard)),
        children: await this.rankChildren(standard.id, code, titlesOf(standard)),
        revisions: null,
      };
    }
    const past = await this.treeAt(code, standard, m);
    const node = past.rollups.get(scoreId(standard.id, code));
    const figures = describe(node?.aggregate ?? emptyAggregate(), titlesOf(standard));
    let revisions: NodeRevisions | null = null;
    if (options.asOf && !past.late.length)
      revisions = { knownAtEndOfDay: new Date(endOfDay(options.asOf)).toISOString(), changed: [], communities: [] };
    else if (options.asOf) {
      const then = await this.treeAt(
        code,
        standard,
        { ...m, known: { ...m.known, knownBy: Math.min(m.known.knownBy ?? Infinity, endOfDay(options.asOf)) } },
        past.logs,
      );
      const before = describe(
        then.rollups.get(scoreId(standard.id, code))?.aggregate ?? emptyAggregate(),
        titlesOf(standard),
      );
      revisions = {
        knownAtEndOfDay: new Date(endOfDay(options.asOf)).toISOString(),
        changed: changedFigures(before, figures),
        communities: past.late,
      };
    }
    return { day: m.day, standard: meta, figures, children: rankNode(node, titlesOf(standard)), revisions };
  }

  /**
   * The activities held in a year at a node or community: now from the stored tallies' figures
   * (passed in by the caller), as of a day or as known at an instant from the fact logs.
   */
  async activities(code: string, year: number, when: When): Promise<ActivityTally> {
    const m = this.moment(when);
    if (levelOf(code) === 'community') return tallyAt(await this.log(code), year, m.known);
    const total = emptyTally();
    for (const member of await this.members(code))
      tallies.addInto(total, tallyAt(await this.log(member), year, m.known), 1);
    return total;
  }

  private rollup(standardId: string, code: string) {
    return this.store.get<RollupDoc>(ROLLUPS, scoreId(standardId, code));
  }

  /** The registered communities at or below a node, by code (a community: itself). */
  async communitiesOf(code: string): Promise<string[]> {
    return levelOf(code) === 'community' ? [code] : (await this.members(code)).sort();
  }

  private async members(code: string): Promise<string[]> {
    const prefix = codePrefix(code);
    return (
      await this.store.find<CommunityDoc>(
        COMMUNITIES,
        prefix ? { _id: codeRange(prefix), registered: true } : { registered: true },
      )
    ).map((c) => c.code);
  }

  /**
   * A node's communities and every roll-up below it at a past moment, computed from the fact logs:
   * exact, and paid for only when asked (about a millisecond per community on this machine).
   */
  private async treeAt(code: string, standard: Standard, m: Moment, logs = new Map<string, FactLogEntry[]>()) {
    const scored: ScoreDoc[] = [];
    const shares: [string, Aggregate][] = [];
    const late: string[] = [];
    for (const member of await this.members(code)) {
      const log = logs.get(member) ?? (await this.log(member));
      logs.set(member, log);
      const s = scoreOf(standard, member, factsAt(log, m.known), m.day);
      scored.push({ ...s.doc, _pos: -1 });
      shares.push([member, s.aggregate]);
      if (
        m.known.occurredBy &&
        recordedLate(log, m.known.occurredBy, endOfDay(m.known.occurredBy), m.known.knownBy).length
      )
        late.push(member);
    }
    return { scored, rollups: rollUpCommunities(standard.id, shares), logs, late };
  }

  /** Direct children of a node ranked by the one ranking rule (rankings/ranking.ts). */
  async rankChildren(standardId: string, code: string, titleOf?: TitleOf) {
    return rankNode(await this.rollup(standardId, code), titleOf);
  }

  /** Rankings below `parent`: its nodes at `level` by roll-up, or its communities (any depth), by the one ranking rule. */
  async rankings(
    parent: string,
    level: JurisdictionLevel,
    options: FigureOptions & { limit?: number; offset?: number } = {},
  ) {
    const m = this.moment(options);
    const [standard] = await this.standardsFor(parent, m.day, options.standardId);
    if (!standard) return { day: m.day, standard: null, level, items: [] };
    const limit = options.limit ?? 100;
    const offset = options.offset ?? 0;
    const meta = { id: standard.id, version: standard.version, title: standard.title };
    const communityRow = (d: ScoreDoc) => ({
      code: d.code,
      total: d.total,
      passed: d.passed,
      vetoed: d.vetoed,
      gaps: d.gapCount,
      evaluatedOn: d.day,
    });
    const reason = (r: ReturnType<typeof communityRow>) => communityReason({ ...r, passMark: standard.passMark });
    if (m.past) {
      const past = await this.treeAt(parent, standard, m);
      // As of a day: which communities had records of it made after it (their figures changed after the fact).
      const revised = options.asOf
        ? {
            revisedAfterTheFact: {
              knownAtEndOfDay: new Date(endOfDay(options.asOf)).toISOString(),
              communities: past.late,
            },
          }
        : {};
      if (level === 'community')
        return {
          day: m.day,
          standard: meta,
          level,
          items: ranked(past.scored.map(communityRow), compareCommunities, offset, limit, reason),
          ...revised,
        };
      const rows = [...past.rollups.values()]
        .filter((r) => r.level === level)
        .map((r) => ({ code: r.code, ...describe(r.aggregate, titlesOf(standard)), histogram: undefined }));
      return {
        day: m.day,
        standard: meta,
        level,
        items: ranked(rows, compareNodes, offset, limit, nodeReason),
        ...revised,
      };
    }
    if (level === 'community') {
      // The stored rank key orders the tiers and totals: one index (or `_id` range) read. Ties go by
      // code, so the first codes tied with the page's last are read too (at most a page of them:
      // nationally, thousands of communities without data tie on 0), and the page sorted.
      const under = communitiesUnder(standard.id, parent);
      const docs = await this.store.find<ScoreDoc>(SCORES, under, { sort: { rankKey: -1 }, limit: offset + limit });
      if (docs.length === offset + limit) {
        const seen = new Set(docs.map((d) => d._id));
        const tied = await this.store.find<ScoreDoc>(
          SCORES,
          { ...under, rankKey: docs[docs.length - 1].rankKey },
          { sort: { _id: 1 }, limit: offset + limit },
        );
        for (const d of tied) if (!seen.has(d._id)) docs.push(d);
      }
      return {
        day: m.day,
        standard: meta,
        level,
        items: ranked(docs.map(communityRow), compareCommunities, offset, limit, reason),
      };
    }
    let parents = [parent];
    for (let l = CHILD_LEVEL[levelOf(parent)]; l && l !== level; l = CHILD_LEVEL[l]) {
      parents = (
        await Promise.all(
          parents.map((p) => this.store.find<RollupDoc>(ROLLUPS, { standardId: standard.id, parentCode: p })),
        )
      )
        .flat()
        .map((r) => r.code);
    }
    const rows = (await Promise.all(parents.map((p) => this.rollup(standard.id, p)))).flatMap((node) =>
      nodeRows(node, titlesOf(standard)),
    );
    return { day: m.day, standard: meta, level, items: ranked(rows, compareNodes, offset, limit, nodeReason) };
  }

  /**
   * An indicator of a community's card, and exactly the fact-log entries its rule counted (the
   * others about the same facts apart, each with why it did not count).
   */
  async explain(code: string, indicatorId: string, options: FigureOptions = {}) {
    const m = this.moment(options);
    const { day, cards } = await this.communityScorecards(code, options);
    const card = cards[0];
    if (!card) return undefined;
    const standard = (await this.standardsFor(code, day, card.standard.id))[0];
    const indicator = standard.categories.flatMap((c) => c.indicators).find((i) => i.id === indicatorId);
    if (!indicator) return { card, indicator: undefined, events: [], notCounted: [] };
    const { counted, notCounted } = explainIndicator(standard, indicator, await this.log(code), day, m.known);
    return { card, indicator, score: card.indicators.find((i) => i.id === indicatorId)!, events: counted, notCounted };
  }
}

const titleLookups = new WeakMap<Standard, TitleOf>();
/** The indicator titles of a standard, for gaps (built once per standard object: the cache keeps them). */
function titlesOf(standard: Standard): TitleOf {
  let titleOf = titleLookups.get(standard);
  if (!titleOf) {
    const titles = new Map(standard.categories.flatMap((c) => c.indicators.map((i) => [i.id, i.title] as const)));
    titleOf = (id) => titles.get(id);
    titleLookups.set(standard, titleOf);
  }
  return titleOf;
}
