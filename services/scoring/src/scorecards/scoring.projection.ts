import { codeAncestors, levelOf } from '@chuangwen/contracts';
import type { RecordedEvent, StandardPublished } from '@chuangwen/contracts';
import type { Projection, UnitOfWork } from '@chuangwen/projections';
import { applicableStandards, authorityChain, evaluate, nextReviewDay, toDay } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';
import { evolveFacts } from '../facts/evolve-facts';
import { FACT_EVENT_TYPES, FactEvent, laneOf, ScoringEvent } from '../facts/scoring-events';
import { aggregateOf, Aggregate, emptyAggregate, setChild } from '../rollups/rollup';
import {
  COMMUNITIES, CommunityDoc, FACT_LOG, factEntryId, FactEntryDoc, ROLLUPS, RollupDoc, SCORES, scoreId, ScoreDoc, SCORING_COLLECTIONS, STANDARDS, StandardDoc,
} from './collections';
import { STANDARD_INDEX_ID, StandardIndexDoc, StandardsCache } from './standards-cache';

export const SCORING_PROJECTION = 'scoring.scorecards';

/**
 * Live scorecards: per community its facts (from fact events), its standing under every standard
 * that applies, and roll-ups to every ancestor. Incremental: a batch re-evaluates only the
 * communities its events touched, then sets their standing in their ancestors by difference.
 * Deterministic: a community is evaluated at the China day its latest event was recorded, or at the
 * day an EvaluationDayBegan opened when time alone may have changed its card (its `reviewOn`).
 */
export function scoringProjection(): Projection {
  const cache = new StandardsCache();
  /** Per unit of work: community → evaluation day, re-scored once when it settles. */
  const pending = new WeakMap<UnitOfWork, Map<string, string>>();
  const touchedIn = (uow: UnitOfWork) => {
    let touched = pending.get(uow);
    if (!touched) pending.set(uow, (touched = new Map<string, string>()));
    return touched;
  };
  const settle = async (uow: UnitOfWork) => {
    const touched = pending.get(uow);
    pending.delete(uow);
    if (!touched?.size) return;
    const standards = await loadStandards(uow, cache);
    for (const [code, day] of touched) await rescore(uow, code, day, standards);
  };
  return {
    name: SCORING_PROJECTION,
    collections: SCORING_COLLECTIONS,
    handles: new Set([...FACT_EVENT_TYPES, 'JurisdictionRegistered', 'StandardPublished', 'EvaluationDayBegan']),
    async apply(events, uow) {
      for (const e of events as readonly RecordedEvent<ScoringEvent>[]) {
        const day = toDay(e.recordedAt);
        const touched = touchedIn(uow);
        if (e.type === 'EvaluationDayBegan') {
          // A barrier: what is pending is scored first, so every stored reviewOn is current; then
          // the communities whose cards time alone may have changed are scored at the new day.
          await settle(uow);
          const due = await uow.find<CommunityDoc>(COMMUNITIES, { registered: true, reviewOn: { $lte: e.data.day } });
          const next = touchedIn(uow);
          for (const c of due) next.set(c.code, maxDay(next.get(c.code), e.data.day));
          continue;
        }
        if (e.type === 'StandardPublished') {
          for (const code of await publishStandard(uow, e as RecordedEvent<StandardPublished>)) touched.set(code, maxDay(touched.get(code), day));
          continue;
        }
        if (e.type === 'JurisdictionRegistered') {
          if (e.data.level !== 'community') continue;
          await uow.update<CommunityDoc>(COMMUNITIES, e.data.code, e, (doc) => ({ ...(doc ?? newCommunity(e.data.code)), registered: true }), laneOf(e.type));
          touched.set(e.data.code, maxDay(touched.get(e.data.code), day));
          continue;
        }
        const code = e.data.communityCode;
        await uow.update<CommunityDoc>(COMMUNITIES, code, e, (doc) => {
          const d = doc ?? newCommunity(code);
          evolveFacts(d.facts, e as unknown as FactEvent);
          return d;
        }, laneOf(e.type));
        appendToLog(uow, code, e, day);
        touched.set(code, maxDay(touched.get(code), day));
      }
    },
    /**
     * A community is scored from its facts after the last event and at that event's day, so scoring
     * it once for many events gives what scoring it after each would leave (roll-ups are set by value).
     */
    settle,
  };
}

const newCommunity = (code: string): CommunityDoc => ({ _id: code, _pos: -1, code, registered: false, facts: {}, scoredUnder: [] });
const maxDay = (a: string | undefined, b: string) => (a && a > b ? a : b);

/** Files the event in the community's log: a pure function of the event, so writing it again changes nothing. */
function appendToLog(uow: UnitOfWork, code: string, e: RecordedEvent, day: string): void {
  uow.put<FactEntryDoc>(FACT_LOG, {
    _id: factEntryId(e.position), _pos: -1, code, p: e.position, eventId: e.eventId, type: e.type, day, occurredAt: e.metadata.occurredAt, data: e.data as Record<string, unknown>,
  });
}

/** Stores the version and lists the communities under its authority, to be scored again. */
async function publishStandard(uow: UnitOfWork, e: RecordedEvent<StandardPublished>): Promise<string[]> {
  const { standardId, version, issuingAuthority, effectiveFrom, effectiveTo, document } = e.data;
  const applied = await uow.update<StandardDoc>(STANDARDS, `${standardId}@${version}`, e, () => ({
    _id: `${standardId}@${version}`, _pos: -1, standardId, version, issuingAuthority, effectiveFrom, ...(effectiveTo ? { effectiveTo } : {}), document,
  }));
  await uow.update<StandardIndexDoc & { _pos: number }>(STANDARDS, STANDARD_INDEX_ID, e, (doc) => {
    const d = doc ?? { _id: STANDARD_INDEX_ID, _pos: -1, versions: [] };
    if (!d.versions.some((v) => v.standardId === standardId && v.version === version)) {
      d.versions.push({ standardId, version, issuingAuthority, effectiveFrom, ...(effectiveTo ? { effectiveTo } : {}) });
    }
    return d;
  });
  // Re-scoring is idempotent (state-based), so a replayed publication may rescore again harmlessly.
  void applied;
  const prefix = authorityPrefix(issuingAuthority);
  return (await uow.find<CommunityDoc>(COMMUNITIES, prefix ? { code: { $gte: prefix, $lt: `${prefix}:` } } : {})).map((c) => c.code);
}

/** '620000' → '62', '620100' → '6201', '620102' → '620102', '000000' → '' (everything). */
function authorityPrefix(code: string): string {
  if (code === '000000') return '';
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

async function loadStandards(uow: UnitOfWork, cache: StandardsCache): Promise<Standard[]> {
  const index = await uow.get<StandardIndexDoc & { _pos: number }>(STANDARDS, STANDARD_INDEX_ID);
  if (!index) return [];
  const out: Standard[] = [];
  for (const v of index.versions) {
    const doc = await uow.get<StandardDoc>(STANDARDS, `${v.standardId}@${v.version}`);
    if (doc) out.push(cache.standardOf(doc));
  }
  return out;
}

/** Evaluates one community under every standard that applies on `day` and rolls the change up. */
async function rescore(uow: UnitOfWork, code: string, day: string, standards: readonly Standard[]): Promise<void> {
  const community = await uow.get<CommunityDoc>(COMMUNITIES, code);
  if (!community?.registered) return; // facts of an unregistered code wait for its registration
  const applicable = applicableStandards(standards, authorityChain(code), day);
  const ids = applicable.map((s) => s.id);
  const [province, city, district, street] = [...codeAncestors(code).slice(1), '', '', '', ''];
  for (const standard of applicable) {
    const card = evaluate(standard, community.facts, day);
    const score: ScoreDoc = {
      _id: scoreId(standard.id, code), _pos: -1, standardId: standard.id, version: standard.version, code,
      street, district, city, province, total: card.total, passed: card.passed, vetoed: card.veto.vetoed,
      gaps: card.gaps.map((g) => g.id), awaitingData: card.awaitingData, day,
    };
    uow.put(SCORES, score);
    await propagate(uow, standard.id, code, aggregateOf(score));
  }
  for (const gone of community.scoredUnder.filter((s) => !ids.includes(s))) {
    uow.delete(SCORES, scoreId(gone, code));
    await propagate(uow, gone, code, null);
  }
  // The next day its card may change without an event: an EvaluationDayBegan then scores it again.
  const chain = authorityChain(code);
  const reviewOn = nextReviewDay(standards.filter((s) => chain.includes(s.issuingAuthority)), community.facts, day);
  if (community.scoredUnder.join() !== ids.join() || community.reviewOn !== reviewOn) uow.put<CommunityDoc>(COMMUNITIES, { ...community, scoredUnder: ids, reviewOn });
}

/** Sets the community's contribution in its street, the street's in its district … up to the country. */
async function propagate(uow: UnitOfWork, standardId: string, code: string, value: Aggregate | null): Promise<void> {
  let child = code;
  let childValue: Aggregate = value ?? emptyAggregate();
  for (const parent of codeAncestors(code).reverse()) {
    const id = scoreId(standardId, parent);
    const node = (await uow.get<RollupDoc>(ROLLUPS, id)) ?? {
      _id: id, _pos: -1, standardId, code: parent, level: levelOf(parent), parentCode: codeAncestors(parent).pop() ?? null,
      children: {}, aggregate: emptyAggregate(),
    };
    const changed = setChild(node, child, value === null && child === code ? null : childValue);
    if (!changed) return;
    uow.put(ROLLUPS, node);
    child = parent;
    childValue = node.aggregate;
  }
}
