import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluationDayStream } from '@chuangwen/contracts';
import type { DomainEvent } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { eventStoreSource, ProjectionRunner } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { evaluate, loadShippedStandards } from '@chuangwen/scoring-engine';
import type { Scorecard, Standard } from '@chuangwen/scoring-engine';
import { activityTalliesProjection } from '../activity-tallies/activity-tallies.projection';
import { ActivityTalliesQuery } from '../activity-tallies/activity-tallies.query';
import { evaluationDayBegan } from '../calendar/evaluation-day.scheduler';
import { emptyFacts, evolveFacts } from '../facts/evolve-facts';
import type { FactEvent } from '../facts/scoring-events';
import { toAppend } from '../testing/script';
import { COMMUNITIES, FACT_LOG, ROLLUPS, SCORES, ScoreDoc } from './collections';
import { scoringProjection } from './scoring.projection';
import { ScoringQueries } from './scoring.queries';

/**
 * The one path, as a property: for a randomised history (seeded: SEED=… reproduces a failure) of a
 * street's communities over five weeks across a new year — facts recorded on time and late, an
 * evaluation day each morning — at the end of every day the stored scores equal the served
 * scorecards; afterwards, for every day, the answer known at its end equals what was served then,
 * the answer as of it equals the engine over the facts that had occurred by it, and a rebuild
 * equals the live state.
 */
const SEED = Number(process.env.SEED ?? 20251201);
const STREET = '620102001';
const CODES = ['620102001001', '620102001002', '620102001003', '620102001004'];
const GANSU = 'gansu-civilized-community';
const FIRST_DAY = '2025-12-10';
const DAYS = 36;

/** mulberry32: small, fast, and the same sequence on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const endOf = (day: string) => `${day}T23:59:59+08:00`;
const summary = (c: Scorecard) => ({ total: c.total, passed: c.passed, vetoed: c.veto.vetoed, points: c.indicators.map((i) => `${i.id}:${i.points}:${i.status}`) });

describe(`one path for every figure (seed ${SEED})`, () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let runners: ProjectionRunner[];
  let gansu: Standard;
  const now = { t: new Date(`${FIRST_DAY}T00:00:00+08:00`) };
  /** Every fact appended, in order, with the day it occurred. */
  const history: { event: FactEvent; occurredOn: string }[] = [];
  const served = new Map<string, { cards: Record<string, ReturnType<typeof summary>>; street: unknown; tallies: Record<string, unknown> }>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-one-path-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db'), now: () => now.t, pollIntervalMs: 5 });
    reads = new SqliteReadStore(join(dir, 'reads.db'));
    gansu = loadShippedStandards().find((s) => s.id === GANSU)!;
    await events.append(`standard-${GANSU}`, [toAppend({ type: 'StandardPublished', version: 1, data: { standardId: GANSU, version: gansu.version, issuingAuthority: gansu.issuingAuthority, effectiveFrom: gansu.effectiveFrom, document: gansu as never } }, gansu.issuingAuthority)], { expectedRevision: 'any' });
    for (const code of CODES) {
      const registered = { type: 'JurisdictionRegistered', version: 1, data: { code, name: code, level: 'community', parentCode: STREET, ancestors: ['620000', '620100', '620102', STREET], kind: 'residents_committee', source: 'test' } };
      await events.append(`jurisdiction-${code}`, [toAppend(registered as DomainEvent, code)], { expectedRevision: 'any' });
    }
    runners = [new ProjectionRunner(scoringProjection(), eventStoreSource(events), reads, { batchSize: 50 }), new ProjectionRunner(activityTalliesProjection, eventStoreSource(events), reads, { batchSize: 50 })];
    for (const r of runners) await r.start();
  }, 30_000);
  afterAll(async () => {
    for (const r of runners ?? []) await r.stop();
    await events?.close();
    await reads?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves what it stores every day, answers every past day as it was and as it now stands, and rebuilds to the same', async () => {
    const rand = random(SEED);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const queries = new ScoringQueries(reads, { now: () => now.t });
    const tallies = new ActivityTalliesQuery(reads);
    const open = new Map<string, number>();
    let incidents = 0;
    let late = 0;

    const factOf = (code: string, occurredOn: string): FactEvent[] => {
      const r = rand();
      if (r < 0.4) {
        const kind = pick(['environment_cleanup', 'legal_education', 'safety_publicity', 'four_into_community', 'culture_sports', 'festival', 'selection'] as const);
        return [{ type: 'ActivityHeld', version: 1, data: { activityId: `a${history.length}`, communityCode: code, kind, title: kind, organiser: '社区居委会', scale: rand() < 0.3 ? 'large' : 'ordinary', heldAt: `${occurredOn}T${pick(['00:30', '10:00', '23:30'])}:00+08:00`, participants: 10 + Math.floor(rand() * 90) } }];
      }
      if (r < 0.55) {
        const sampleSize = 60 + Math.floor(rand() * 140);
        const positive = Math.floor(sampleSize * (0.6 + rand() * 0.4));
        const topic = pick(['satisfaction_services', 'sense_of_security', 'four_into_community_awareness'] as const);
        return [{ type: 'SurveyRecorded', version: 2, data: { surveyId: `s${history.length}`, communityCode: code, topic, sampleSize, positive, rate: positive / sampleSize, smallSample: sampleSize < 30, periodStart: occurredOn, conductedOn: occurredOn } }];
      }
      if (r < 0.75) {
        const facility = pick(['management_organization', 'management_rules', 'creation_archive', 'library', 'culture_room', 'cleaning_team', 'security_team'] as const);
        return [{ type: 'FacilityRecorded', version: 1, data: { communityCode: code, facility, present: rand() < 0.85, recordedOn: occurredOn } }];
      }
      if (r < 0.88) {
        const n = open.get(code) ?? 0;
        if (n > 0 && rand() < 0.5) {
          open.set(code, n - 1);
          return [{ type: 'RectificationVerified', version: 1, data: { problemId: `p-${code}-${n}`, communityCode: code, category: 'littering', wasOverdue: false, verifiedOn: occurredOn } }];
        }
        open.set(code, n + 1);
        return [{ type: 'ProblemRecorded', version: 1, data: { problemId: `p-${code}-${n + 1}`, communityCode: code, category: 'littering', description: '乱扔垃圾', source: 'inspector', foundOn: occurredOn } }];
      }
      if (r < 0.9 && incidents < 2) {
        incidents++;
        const incidentId = `i${history.length}`;
        return [
          { type: 'IncidentReported', version: 1, data: { incidentId, communityCode: code, kind: 'major_safety_accident', occurredOn, description: '事故' } },
          { type: 'IncidentConfirmed', version: 1, data: { incidentId, communityCode: code, kind: 'major_safety_accident', occurredOn } },
        ];
      }
      return [{ type: 'CommunityProfileUpdated', version: 1, data: { communityCode: code, quantities: { residents: 1000 + Math.floor(rand() * 5000) } } }];
    };

    for (let d = 0; d < DAYS; d++) {
      const day = addDays(FIRST_DAY, d);
      now.t = new Date(`${day}T00:05:00+08:00`);
      await events.append(evaluationDayStream(day), [evaluationDayBegan(day)], { expectedRevision: 'any' });
      let minute = 8 * 60;
      for (const code of CODES) {
        for (let k = Math.floor(rand() * 4); k > 0; k--) {
          // A quarter are recorded late: held, found, surveyed up to five days before.
          const lag = rand() < 0.25 ? 1 + Math.floor(rand() * 5) : 0;
          const occurredOn = addDays(day, -lag);
          const facts = factOf(code, occurredOn);
          // A profile has no day of its own: it occurs when recorded.
          const occurs = facts[0].type === 'CommunityProfileUpdated' ? day : occurredOn;
          if (occurs < day) late++;
          minute += 1 + Math.floor(rand() * 20);
          now.t = new Date(Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000 + Math.floor(rand() * 60) * 1000);
          for (const event of facts) {
            await events.append(`facts-${code}`, [toAppend(event, code)], { expectedRevision: 'any' });
            history.push({ event, occurredOn: occurs });
          }
        }
      }
      for (const r of runners) await r.waitForCatchUp();
      now.t = new Date(endOf(day));
      const cards: Record<string, ReturnType<typeof summary>> = {};
      const dayTallies: Record<string, unknown> = {};
      for (const code of CODES) {
        const [card] = (await queries.communityScorecards(code)).cards;
        const stored = (await reads.get<ScoreDoc>(SCORES, `${GANSU}|${code}`))!;
        expect({ day, code, total: stored.total, passed: stored.passed, vetoed: stored.vetoed, gaps: stored.gapCount }).toEqual({ day, code, total: card.total, passed: card.passed, vetoed: card.veto.vetoed, gaps: card.gaps.length });
        cards[code] = summary(card);
        dayTallies[code] = await tallies.forYear(code, +day.slice(0, 4));
      }
      served.set(day, { cards, street: (await queries.nodeFigures(STREET)).figures, tallies: dayTallies });
    }
    expect(late).toBeGreaterThan(15); // the history does exercise late records
    expect(history.length).toBeGreaterThan(150);

    for (const [day, then] of served) {
      const knownAt = endOf(day);
      for (const code of CODES) {
        // As known at the end of the day: exactly what was served that day.
        const [shown] = (await queries.communityScorecards(code, { knownAt })).cards;
        expect({ day, code, ...summary(shown) }).toEqual({ day, code, ...then.cards[code] });
        expect({ day, code, tally: await queries.activities(code, +day.slice(0, 4), { knownAt }) }).toEqual({ day, code, tally: then.tallies[code] });
        // As of the day: the engine over every fact that had occurred by then.
        const facts = history.filter((h) => h.event.data.communityCode === code && h.occurredOn <= day).reduce((f, h) => evolveFacts(f, structuredClone(h.event)), emptyFacts());
        const [asOf] = (await queries.communityScorecards(code, { asOf: day })).cards;
        expect({ day, code, ...summary(asOf) }).toEqual({ day, code, ...summary(evaluate(gansu, facts, day)) });
      }
      expect({ day, street: (await queries.nodeFigures(STREET, { knownAt })).figures }).toEqual({ day, street: then.street });
    }

    const dump = async () => Promise.all([SCORES, ROLLUPS, COMMUNITIES, FACT_LOG].map(async (c) => (await reads.find(c, {}, { sort: { _id: 1 } })).map(({ _pos, ...rest }) => rest)));
    const live = await dump();
    await runners[0].rebuild();
    expect(await dump()).toEqual(live);
  }, 60_000);
});
