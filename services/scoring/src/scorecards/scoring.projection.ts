import { codeAncestors, codePrefix, codeRange } from '@chuangwen/contracts';
import type { RecordedEvent, StandardPublished } from '@chuangwen/contracts';
import { writeSharedTree } from '@chuangwen/projections';
import type { Projection, ReadDoc, UnitOfWork } from '@chuangwen/projections';
import { toDay } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';
import { evolveFacts } from '../facts/evolve-facts';
import { encodeEntry, fileEntry } from '../facts/fact-log';
import { FACT_EVENT_TYPES, FactEvent, laneOf, ScoringEvent } from '../facts/scoring-events';
import { Aggregate, aggregateOf, setChild } from '../rollups/rollup';
import {
  COMMUNITIES,
  CommunityDoc,
  FACT_LOG,
  FactLogDoc,
  newCommunity,
  newFactLog,
  newRollup,
  ROLLUPS,
  RollupDoc,
  SCORES,
  scoreId,
  ScoreDoc,
  SCORING_COLLECTIONS,
  STANDARDS,
  StandardDoc,
  storedCommunity,
} from './collections';
import { REPLAY_FIELDS, ReplayOptions, replayScoring } from './replay/scoring.replay';
import { maxDay, standingOf } from './standing';
import { indexEntry, STANDARD_INDEX_ID, StandardIndexDoc, StandardsCache, standardVersionDoc } from './standards-cache';

/**
 * The checkpoint's key (an older store is replayed): v3 keeps days as numbers in the fact log and
 * gap counts in scores; v4 keeps each entry's second recorded and occurrence days (knownAt, asOf)
 * and each score's rank key (one ranking rule); v5 each score's gaps (the roll-ups are set from the
 * stored scores, by any replica).
 */
export const SCORING_PROJECTION = 'scoring.scorecards.v5';

/**
 * Live scorecards: per community its facts (from fact events), its standing under every standard
 * that applies, and roll-ups to every ancestor. Incremental: a batch re-evaluates only the
 * communities its events touched, then sets their standing in their ancestors by difference.
 * Deterministic: a community is evaluated at the China day its latest event was recorded, or at the
 * day an EvaluationDayBegan opened when time alone may have changed its card (its `reviewOn`).
 */
export function scoringProjection(options: { replay?: Partial<ReplayOptions> } = {}): Projection {
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
    // Every document the re-scoring reads, in one query (FerretDB scans per query).
    await uow.prefetch(COMMUNITIES, touched.keys());
    const shares: Share[] = [];
    for (const [code, day] of touched) await rescore(uow, code, day, standards, shares);
    // The communities' documents stored first, then the roll-ups above them, level by level.
    await uow.flush();
    await rollUp(uow, shares);
  };
  return {
    name: SCORING_PROJECTION,
    collections: SCORING_COLLECTIONS,
    handles: new Set([...FACT_EVENT_TYPES, 'JurisdictionRegistered', 'StandardPublished', 'EvaluationDayBegan']),
    async apply(events, uow) {
      // The communities and fact logs the batch changes, loaded in one query each.
      const codes = (events as readonly RecordedEvent<ScoringEvent>[]).flatMap((e) =>
        e.type === 'JurisdictionRegistered'
          ? e.data.level === 'community'
            ? [e.data.code]
            : []
          : 'communityCode' in e.data
            ? [e.data.communityCode]
            : [],
      );
      await uow.prefetch(COMMUNITIES, codes);
      await uow.prefetch(FACT_LOG, codes);
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
          for (const code of await publishStandard(uow, e as RecordedEvent<StandardPublished>))
            touched.set(code, maxDay(touched.get(code), day));
          continue;
        }
        if (e.type === 'JurisdictionRegistered') {
          if (e.data.level !== 'community') continue;
          await uow.update<CommunityDoc>(
            COMMUNITIES,
            e.data.code,
            e,
            (doc) => ({ ...(storedCommunity(doc) ?? newCommunity(e.data.code)), registered: true }),
            laneOf(e.type),
          );
          touched.set(e.data.code, maxDay(touched.get(e.data.code), day));
          continue;
        }
        const code = e.data.communityCode;
        const lane = laneOf(e.type);
        await uow.update<CommunityDoc>(
          COMMUNITIES,
          code,
          e,
          (doc) => {
            const d = storedCommunity(doc) ?? newCommunity(code);
            evolveFacts(d.facts, e as unknown as FactEvent);
            return d;
          },
          lane,
        );
        await uow.update<FactLogDoc>(
          FACT_LOG,
          code,
          e,
          (doc) => {
            const d = doc ?? newFactLog(code);
            fileEntry(d.entries, encodeEntry(e as unknown as FactEvent, e.position, e.recordedAt));
            return d;
          },
          lane,
        );
        touched.set(code, maxDay(touched.get(code), day));
      }
    },
    /**
     * A community is scored from its facts after the last event and at that event's day, so scoring
     * it once for many events gives what scoring it after each would leave (roll-ups are set by value).
     */
    settle,
    /** A rebuild folds the whole history in memory and writes each document once (scoring.replay.ts). */
    replay: (history) => replayScoring(history, cache, options.replay),
    historyFields: REPLAY_FIELDS,
  };
}

/** Stores the version and lists the communities under its authority, to be scored again. */
async function publishStandard(uow: UnitOfWork, e: RecordedEvent<StandardPublished>): Promise<string[]> {
  const version = standardVersionDoc(e.data);
  await uow.update<StandardDoc>(STANDARDS, version._id, e, () => ({ ...version, _pos: -1 }));
  await uow.update<StandardIndexDoc & { _pos: number }>(STANDARDS, STANDARD_INDEX_ID, e, (doc) => {
    const d = doc ?? { _id: STANDARD_INDEX_ID, _pos: -1, versions: [] };
    if (!d.versions.some((v) => v.standardId === version.standardId && v.version === version.version))
      d.versions.push(indexEntry(version));
    return d;
  });
  // Re-scoring is idempotent (state-based), so a replayed publication may rescore again harmlessly.
  const prefix = codePrefix(version.issuingAuthority);
  return (await uow.find<CommunityDoc>(COMMUNITIES, prefix ? { _id: codeRange(prefix) } : {})).map((c) => c.code);
}

/**
 * The published standards: the small index read per unit of work, each version's document (tens of
 * kB) read once per process, since a version never changes once published (`cache`).
 */
async function loadStandards(uow: UnitOfWork, cache: StandardsCache): Promise<Standard[]> {
  const index = await uow.get<StandardIndexDoc & { _pos: number }>(STANDARDS, STANDARD_INDEX_ID);
  if (!index) return [];
  const ids = index.versions.map((v) => `${v.standardId}@${v.version}`);
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length > 0) await uow.prefetch(STANDARDS, missing);
  const out: Standard[] = [];
  for (const id of ids) {
    const cached = cache.get(id);
    const doc = cached ? undefined : await uow.get<StandardDoc>(STANDARDS, id);
    if (cached) out.push(cached);
    else if (doc) out.push(cache.standardOf(doc));
  }
  return out;
}

/** A community's score under a standard, set (or gone) in this unit: its street must hear of it. */
interface Share {
  readonly standardId: string;
  readonly code: string;
}

/** Evaluates one community under every standard that applies on `day`; `shares` gets what its streets must hear. */
async function rescore(
  uow: UnitOfWork,
  code: string,
  day: string,
  standards: readonly Standard[],
  shares: Share[],
): Promise<void> {
  const community = storedCommunity(await uow.get<CommunityDoc>(COMMUNITIES, code));
  if (!community?.registered) return; // facts of an unregistered code wait for its registration
  const { scores, scoredUnder, reviewOn } = standingOf(code, community.facts, day, standards);
  for (const { doc } of scores) {
    uow.put<ScoreDoc>(SCORES, { ...doc, _pos: -1 });
    shares.push({ standardId: doc.standardId, code });
  }
  for (const gone of community.scoredUnder.filter((s) => !scoredUnder.includes(s))) {
    // Derived, as its put: a unit flushed before (an EvaluationDayBegan) may have stored it at this position.
    uow.delete(SCORES, scoreId(gone, code), { derived: true });
    shares.push({ standardId: gone, code });
  }
  // The next day its card may change without an event: an EvaluationDayBegan then scores it again.
  if (community.scoredUnder.join() !== scoredUnder.join() || community.reviewOn !== reviewOn)
    uow.put<CommunityDoc>(COMMUNITIES, { ...community, scoredUnder, reviewOn });
}

/**
 * Sets the communities' scores in their streets, the streets' aggregates in their districts … up
 * to the country, deepest nodes first, each level from its children as stored (`writeShared`): the
 * roll-ups are shared by every replica, whose communities lie in other partitions. Every ancestor
 * of a touched community is looked at, changed or not, so a batch cut short between two levels is
 * completed when it comes again. A node left with no children is deleted.
 */
async function rollUp(uow: UnitOfWork, shares: readonly Share[]): Promise<void> {
  const place = (id: string) => {
    const bar = id.lastIndexOf('|');
    return { standardId: id.slice(0, bar), code: id.slice(bar + 1) };
  };
  await writeSharedTree<RollupDoc>(
    uow,
    {
      collection: ROLLUPS,
      parentOf: ({ id }) => {
        const { standardId, code } = place(id);
        const parent = codeAncestors(code).pop();
        return parent === undefined ? undefined : scoreId(standardId, parent);
      },
      keyOf: (id) => place(id).code,
      fold(id, stored, children) {
        const node = stored ?? newRollup(place(id).standardId, place(id).code);
        let changed = false;
        for (const { child, doc } of children)
          changed = setChild(node, child.key, shareOf(child.collection, doc)) || changed;
        if (!changed) return undefined;
        return Object.keys(node.children).length === 0 ? null : node;
      },
    },
    shares.map(({ standardId, code }) => ({ collection: SCORES, id: scoreId(standardId, code), key: code })),
  );
}

/** What a stored child adds to its parent: a community's score, or a node's aggregate (null: gone). */
function shareOf(collection: string, doc: ReadDoc | undefined): Aggregate | null {
  if (!doc) return null;
  if (collection === ROLLUPS) return (doc as RollupDoc).aggregate;
  const s = doc as ScoreDoc;
  return aggregateOf({ total: s.total, passed: s.passed, vetoed: s.vetoed, gaps: s.gaps });
}
