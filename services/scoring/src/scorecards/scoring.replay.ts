import { codeAncestors } from '@chuangwen/contracts';
import type { HistoryEvent, StandardPublished } from '@chuangwen/contracts';
import type { ReplayedDocs } from '@chuangwen/projections';
import { internDay, toDay } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';
import { evolveFacts } from '../facts/evolve-facts';
import { EncodedEntry, encodeEntry } from '../facts/fact-log';
import { FactEvent, laneOf, ScoringEvent } from '../facts/scoring-events';
import { aggregateOf, setChild } from '../rollups/rollup';
import { COMMUNITIES, CommunityDoc, FACT_LOG, newCommunity, newRollup, ROLLUPS, RollupDoc, SCORES, scoreId, STANDARDS, StandardDoc } from './collections';
import { maxDay, Standing, standingOf } from './standing';
import { authorityPrefix, indexEntry, STANDARD_INDEX_ID, StandardIndexDoc, StandardsCache, standardVersionDoc } from './standards-cache';

type Doc<T> = Omit<T, '_pos'>;

/** A community during the replay: its document, its log, and when it was last touched. */
interface Folded {
  readonly doc: Doc<CommunityDoc>;
  readonly entries: EncodedEntry[];
  readonly logLanes: Record<string, number>;
  /** The day it would be scored at when its current unit of work settles. */
  day?: string;
  /** Evaluation days begun before its last touch: the ones after may score it again. */
  since: number;
}

const CHUNK = 20_000;

/**
 * The scoring projection's rebuild, in memory: fold every community's facts and log, then score
 * each community once, at the day the live projection last scored it, and build the roll-ups from
 * the final scores. Equal to applying the events one batch at a time (the projection's spec
 * compares the two) because scoring is state-based: a community's standing depends only on its
 * facts and the day, and a roll-up only on its children's standings. The day: that of its last
 * touch (an event of its own, its registration, a standard published over it), then each
 * EvaluationDayBegan after that which found it due (its reviewOn reached), as the live barrier does.
 */
export async function* replayScoring(history: AsyncIterable<readonly HistoryEvent[]>, cache: StandardsCache): AsyncGenerator<ReplayedDocs> {
  const communities = new Map<string, Folded>();
  const versions: Doc<StandardDoc>[] = [];
  const evaluationDays: string[] = [];
  const folded = (code: string) => communities.get(code) ?? communities.set(code, { doc: stripPos(newCommunity(code)), entries: [], logLanes: {}, since: 0 }).get(code)!;
  const touch = (c: Folded, day: string) => {
    // A new unit of work began for it at the last evaluation day: its day starts again.
    c.day = c.since === evaluationDays.length ? maxDay(c.day, day) : day;
    c.since = evaluationDays.length;
  };

  for await (const page of history) {
    for (const e of page as readonly HistoryEvent<ScoringEvent>[]) {
      const day = internDay(toDay(e.recordedAt));
      if (e.type === 'EvaluationDayBegan') {
        evaluationDays.push(e.data.day);
      } else if (e.type === 'StandardPublished') {
        const version = standardVersionDoc((e.data as StandardPublished['data']));
        if (versions.some((v) => v._id === version._id)) continue; // a version is published once
        versions.push(version);
        const prefix = authorityPrefix(version.issuingAuthority);
        for (const [code, c] of communities) if (code.startsWith(prefix)) touch(c, day);
      } else if (e.type === 'JurisdictionRegistered') {
        if (e.data.level !== 'community') continue;
        const c = folded(e.data.code);
        c.doc.registered = true;
        setLane(c.doc, laneOf(e.type), e.position);
        touch(c, day);
      } else {
        const fact = e as unknown as FactEvent;
        const c = folded(fact.data.communityCode);
        evolveFacts(c.doc.facts, fact);
        c.entries.push(encodeEntry(fact, e.position, day));
        setLane(c.doc, laneOf(e.type), e.position);
        c.logLanes[laneOf(e.type)] = e.position;
        touch(c, day);
      }
    }
  }

  const standards = versions.map((v) => cache.standardOf(v));
  const index: Doc<StandardIndexDoc> = { _id: STANDARD_INDEX_ID, versions: versions.map(indexEntry) };
  if (versions.length) yield { collection: STANDARDS, docs: [...versions, index] };
  const rollups = new Map<string, RollupDoc>();
  let communityDocs: Doc<CommunityDoc>[] = [];
  let logDocs: { _id: string; code: string; entries: EncodedEntry[]; _lanes: Record<string, number> }[] = [];
  let scoreDocs: Standing['scores'] = [];
  for (const [code, c] of communities) {
    if (c.doc.registered && c.day) {
      const standing = finalStanding(code, c, standards, evaluationDays);
      c.doc.scoredUnder = standing.scoredUnder;
      c.doc.reviewOn = standing.reviewOn;
      for (const score of standing.scores) {
        scoreDocs.push(score);
        const street = codeAncestors(code).pop()!;
        setChild(node(rollups, score.standardId, street), code, aggregateOf(score));
      }
    }
    communityDocs.push(c.doc);
    if (c.entries.length > 0) logDocs.push({ _id: code, code, entries: c.entries, _lanes: c.logLanes });
    communities.delete(code); // what is written can go
    if (communityDocs.length >= CHUNK) yield* flush();
  }
  yield* flush();
  yield* chunks(ROLLUPS, rollUp(rollups));

  function* flush(): Generator<ReplayedDocs> {
    if (communityDocs.length) yield { collection: COMMUNITIES, docs: communityDocs };
    if (logDocs.length) yield { collection: FACT_LOG, docs: logDocs };
    if (scoreDocs.length) yield { collection: SCORES, docs: scoreDocs };
    communityDocs = [];
    logDocs = [];
    scoreDocs = [];
  }
}

/** Scored at the day of its last touch, then again at each evaluation day after it that found it due. */
function finalStanding(code: string, c: Folded, standards: readonly Standard[], evaluationDays: readonly string[]): Standing {
  let standing = standingOf(code, c.doc.facts, c.day!, standards);
  for (let i = c.since; i < evaluationDays.length; i++) {
    if (standing.reviewOn <= evaluationDays[i]) standing = standingOf(code, c.doc.facts, evaluationDays[i], standards);
  }
  return standing;
}

/** Streets hold their communities; every node is then set in its parent, deepest nodes first. */
function rollUp(rollups: Map<string, RollupDoc>): RollupDoc[] {
  const depth = (r: RollupDoc) => codeAncestors(r.code).length;
  for (let d = Math.max(0, ...[...rollups.values()].map(depth)); d > 0; d--) {
    for (const r of [...rollups.values()]) {
      if (depth(r) === d && r.parentCode) setChild(node(rollups, r.standardId, r.parentCode), r.code, r.aggregate);
    }
  }
  return [...rollups.values()];
}

function node(rollups: Map<string, RollupDoc>, standardId: string, code: string): RollupDoc {
  const id = scoreId(standardId, code);
  return rollups.get(id) ?? rollups.set(id, newRollup(standardId, code)).get(id)!;
}

function* chunks(collection: string, docs: readonly object[]): Generator<ReplayedDocs> {
  for (let i = 0; i < docs.length; i += CHUNK) yield { collection, docs: docs.slice(i, i + CHUNK) as ReplayedDocs['docs'] };
}

function setLane(doc: { _lanes?: Record<string, number> }, lane: string, position: number): void {
  (doc._lanes ??= {})[lane] = position;
}

function stripPos<T extends { _pos: number }>(doc: T): Omit<T, '_pos'> {
  const { _pos, ...rest } = doc;
  return rest;
}
