import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { seedRegion } from '@chuangwen/jurisdictions';
import { eventStoreSource, ProjectionRunner } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { evaluate, loadShippedStandards } from '@chuangwen/scoring-engine';
import type { Standard } from '@chuangwen/scoring-engine';
import { accidentCommunity, lowSurveyCommunity, strongCommunity } from '../../../../libs/scoring-engine/src/spec/communities';
import { evolveFacts } from '../facts/evolve-facts';
import type { FactEvent } from '../facts/scoring-events';
import { factEvents, toAppend } from '../testing/script';
import { COMMUNITIES, CommunityDoc, FACT_LOG, ROLLUPS, RollupDoc, SCORES, ScoreDoc } from './collections';
import { SCORING_PROJECTION, scoringProjection } from './scoring.projection';
import { ScoringQueries } from './scoring.queries';
import { evaluationDayBegan } from '../calendar/evaluation-day.scheduler';
import { evaluationDayStream } from '@chuangwen/contracts';

// 城关区, 兰州市, 甘肃省: real codes; the 甘肃 standard (issued by 620000) applies to all of them.
const DISTRICT = '620102';
const STREET = '620102001';
const GANSU = 'gansu-civilized-community';

describe('scoring projection (甘肃 standard over a real district)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let runner: ProjectionRunner;
  let gansu: Standard;
  let communities: string[];
  const now = { t: new Date('2025-06-30T04:00:00Z') };

  const publish = (s: Standard) =>
    events.append(`standard-${s.id}`, [toAppend({ type: 'StandardPublished', version: 1, data: { standardId: s.id, version: s.version, issuingAuthority: s.issuingAuthority, effectiveFrom: s.effectiveFrom, document: s as never } }, s.issuingAuthority)], { expectedRevision: 'any' });
  const record = async (code: string, es: DomainEvent[]) => {
    for (const e of es) await events.append(`facts-${code}`, [toAppend(e, code)], { expectedRevision: 'any' });
  };
  const score = (code: string) => reads.get<ScoreDoc>(SCORES, `${GANSU}|${code}`);
  const rollup = (code: string) => reads.get<RollupDoc>(ROLLUPS, `${GANSU}|${code}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-scoring-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db'), now: () => now.t, pollIntervalMs: 20 });
    reads = new SqliteReadStore(join(dir, 'reads.db'));
    gansu = loadShippedStandards().find((s) => s.id === GANSU)!;
    await seedRegion(events, DISTRICT);
    await publish(gansu);
    runner = new ProjectionRunner(scoringProjection(), eventStoreSource(events), reads, { batchSize: 500 });
    await runner.start();
    await runner.waitForCatchUp();
    communities = (await reads.find<CommunityDoc>(COMMUNITIES, { code: { $gte: STREET, $lt: `${STREET}:` } }, { sort: { code: 1 } })).map((c) => c.code);
  }, 60_000);
  afterAll(async () => {
    await runner.stop();
    await events.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores every registered community, and rolls them up to the street, district, city, province and country', async () => {
    expect(communities.length).toBeGreaterThan(3);
    const street = (await rollup(STREET))!;
    expect(street.aggregate.communities).toBe(communities.length);
    const district = (await rollup(DISTRICT))!;
    expect(district.aggregate.communities).toBe(181);
    for (const code of ['620100', '620000', '000000']) expect((await rollup(code))!.aggregate.communities).toBe(181);
    expect(district.children[STREET]).toEqual(street.aggregate);
  });

  it('scores scripted communities from their events exactly as the engine scores their facts', async () => {
    const [strong, accident, low] = communities;
    const scripts: [string, FactEvent[]][] = [
      [strong, factEvents(strong, strongCommunity())],
      [accident, factEvents(accident, accidentCommunity())],
      [low, factEvents(low, lowSurveyCommunity())],
    ];
    for (const [code, es] of scripts) await record(code, es);
    await runner.waitForCatchUp();

    for (const [code, es] of scripts) {
      const expected = evaluate(gansu, es.reduce((f, e) => evolveFacts(f, e), {}), '2025-06-30');
      const stored = (await score(code))!;
      expect(stored.total).toBeCloseTo(expected.total, 6);
      expect(stored.passed).toBe(expected.passed);
      expect(stored.vetoed).toBe(expected.veto.vetoed);
      expect(stored.gapCount).toBe(expected.gaps.length);
    }
    expect((await score(strong))!.passed).toBe(true);
    expect((await score(accident))!.vetoed).toBe(true);
    expect((await score(low))!.gapCount).toBeGreaterThan((await score(strong))!.gapCount);

    const passing = (await Promise.all(scripts.map(([code]) => score(code)))).filter((s) => s!.passed).length;
    expect(passing).toBeGreaterThanOrEqual(1);
    const street = (await rollup(STREET))!.aggregate;
    expect(street.vetoed).toBe(1);
    expect(street.passed).toBe(passing);
    const district = (await rollup(DISTRICT))!.aggregate;
    expect(district.vetoed).toBe(1);
    expect(district.passed).toBe(passing);
  });

  it('ranks the communities under a street, district, city and province: passing, then not passing, then vetoed, each by total', async () => {
    const queries = new ScoringQueries(reads, { now: () => now.t });
    const tier = (d: ScoreDoc) => (d.passed ? 0 : d.vetoed ? 2 : 1);
    const all = (await reads.find<ScoreDoc>(SCORES, { standardId: GANSU })).sort((a, b) => tier(a) - tier(b) || b.total - a.total || a._id.localeCompare(b._id));
    // The vetoed community on 99 (甘肃: a veto takes no points) ranks below every one not vetoed, even those on 12.
    const [, vetoed] = communities;
    const street = await queries.rankings(STREET, 'community', { limit: 500 });
    const row = street.items.find((r) => r.code === vetoed)!;
    expect(row).toMatchObject({ total: 99, vetoed: true, passed: false, rank: street.items.length });
    expect(row.rankedBy).toContain('vetoed');
    expect(street.items.filter((r) => 'total' in r && r.total < 99).every((r) => r.rank < row.rank)).toBe(true);
    // The street's roll-up ranks its children by the same rule.
    expect((await queries.rankChildren(GANSU, STREET)).map((r) => r.code)).toEqual(street.items.map((r) => r.code));
    const under = (prefix: string) => all.filter((d) => d.code.startsWith(prefix)).map((d) => [d.code, d.total]);
    // The district's and street's rankings read `_id` ranges, the others an index: the same order.
    for (const [parent, prefix] of [[STREET, STREET], [DISTRICT, DISTRICT], ['620100', '6201'], ['620000', '62']]) {
      const ranked = await queries.rankings(parent, 'community', { limit: 500 });
      expect(ranked.items.map((r) => [r.code, 'total' in r ? r.total : undefined])).toEqual(under(prefix));
      expect(ranked.items.map((r) => r.rank)).toEqual(under(prefix).map((_, i) => i + 1));
    }
    expect(under(STREET).length).toBe(communities.length);
    expect(under(DISTRICT).length).toBe(181);
    const page = await queries.rankings(DISTRICT, 'community', { limit: 3, offset: 2 });
    expect(page.items.map((r) => [r.rank, r.code])).toEqual(under(DISTRICT).slice(2, 5).map(([code], i) => [i + 3, code]));
  });

  it('changes only what an event touches: a confirmed incident vetoes one community and its ancestors', async () => {
    const target = communities[3];
    const others = await Promise.all(communities.filter((c) => c !== target).map(score));
    await record(target, [
      { type: 'IncidentReported', version: 1, data: { incidentId: 'i-1', communityCode: target, kind: 'major_criminal_case', occurredOn: '2025-05-01', description: '重大刑事案件' } },
      { type: 'IncidentConfirmed', version: 1, data: { incidentId: 'i-1', communityCode: target, kind: 'major_criminal_case', occurredOn: '2025-05-01' } },
    ]);
    await runner.waitForCatchUp();
    expect((await score(target))!.vetoed).toBe(true);
    expect((await rollup(STREET))!.aggregate.vetoed).toBe(2);
    expect((await rollup('000000'))!.aggregate.vetoed).toBe(2);
    const after = await Promise.all(communities.filter((c) => c !== target).map(score));
    expect(after).toEqual(others);
  });

  it('scores again what time alone changes when an evaluation day begins: the new year, a veto running out', async () => {
    const facts = async (code: string) => (await reads.get<CommunityDoc>(COMMUNITIES, code))!.facts;
    const openDay = async (day: string) => {
      now.t = new Date(`${day}T00:05:00+08:00`);
      await events.append(evaluationDayStream(day), [evaluationDayBegan(day)], { expectedRevision: 'any' });
      await runner.waitForCatchUp();
    };
    const [strong, accident] = communities;
    const idle = communities[communities.length - 1]; // no event of its own
    expect(communities.length).toBeGreaterThan(4);
    expect((await score(strong))!.passed).toBe(true);
    const vetoedBefore = (await rollup(STREET))!.aggregate.vetoed;

    // 2026 begins: the 2025 activity counts no longer count, for every community, without any other event.
    await openDay('2026-01-01');
    for (const code of [strong, accident, idle]) {
      const expected = evaluate(gansu, await facts(code), '2026-01-01');
      expect(await score(code)).toMatchObject({ day: '2026-01-01', total: expected.total, passed: expected.passed, vetoed: expected.veto.vetoed });
    }
    expect((await score(strong))!.passed).toBe(false);
    expect((await rollup(STREET))!.aggregate.passed).toBe(0);

    // The accident of 2024-09-12 vetoes for two years: from 2026-09-12 on it no longer does.
    await openDay('2026-09-11');
    expect((await score(accident))!.vetoed).toBe(true);
    await openDay('2026-09-12');
    expect((await score(accident))!).toMatchObject({ vetoed: false, day: '2026-09-12' });
    expect((await rollup(STREET))!.aggregate.vetoed).toBe(vetoedBefore - 1);
    // A community whose card could not change was left alone.
    expect((await score(idle))!.day).toBe('2026-01-01');
  });

  it('rebuilds (by replay) from the first event to exactly the live state', async () => {
    const dump = async () => ({
      scores: await reads.find(SCORES, {}, { sort: { code: 1 } }),
      rollups: await reads.find(ROLLUPS, {}, { sort: { code: 1 } }),
      communities: await reads.find(COMMUNITIES, {}, { sort: { code: 1 } }),
      logs: await reads.find(FACT_LOG, {}, { sort: { code: 1 } }),
    });
    const strip = (x: { _pos: number }[]) => x.map(({ _pos, ...rest }) => rest);
    const live = await dump();
    await runner.rebuild();
    const rebuilt = await dump();
    expect(strip(rebuilt.scores as never)).toEqual(strip(live.scores as never));
    expect(strip(rebuilt.rollups as never)).toEqual(strip(live.rollups as never));
    expect(strip(rebuilt.communities as never)).toEqual(strip(live.communities as never));
    expect(strip(rebuilt.logs as never)).toEqual(strip(live.logs as never));
  });

  it('rebuilds in windows of many pages (settling once per window) to exactly the live state', async () => {
    const dump = async (store: SqliteReadStore) =>
      Promise.all([SCORES, ROLLUPS, COMMUNITIES, FACT_LOG].map(async (c) => (await store.find(c, {}, { sort: { code: 1 } })).map(({ _pos, ...rest }) => rest)));
    const other = new SqliteReadStore(join(dir, 'windowed.db'));
    // Through `apply` (the projection's replay set aside): what a rebuild without one does.
    const windowed = new ProjectionRunner({ ...scoringProjection(), replay: undefined }, eventStoreSource(events), other, { batchSize: 37, rebuildWindow: 400 });
    await windowed.rebuild();
    await windowed.stop();
    expect(await other.checkpoint(SCORING_PROJECTION)).toBe(await events.headPosition());
    expect(await dump(other)).toEqual(await dump(reads));
    await other.close();
  });
});

describe('scoring projection (沂州 standard over 兰山区, its placeholder authority)', () => {
  it('scores a scripted community under the six-category standard, and a weaker one shows more gaps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-yizhou-'));
    const events = new SqliteEventStore({ file: join(dir, 'events.db'), now: () => new Date('2025-06-30T04:00:00Z'), pollIntervalMs: 20 });
    const reads = new SqliteReadStore(join(dir, 'reads.db'));
    const runner = new ProjectionRunner(scoringProjection(), eventStoreSource(events), reads, { batchSize: 1000 });
    try {
      const yizhou = loadShippedStandards().find((s) => s.id === 'yizhou-community')!;
      expect(yizhou.issuingAuthority).toBe('371302');
      await seedRegion(events, '371302');
      await events.append('standard-yizhou', [toAppend({ type: 'StandardPublished', version: 1, data: { standardId: yizhou.id, version: yizhou.version, issuingAuthority: yizhou.issuingAuthority, effectiveFrom: yizhou.effectiveFrom, document: yizhou as never } }, '371302')], { expectedRevision: 'any' });
      await runner.start();
      await runner.waitForCatchUp();
      const [strong, weak] = (await reads.find<CommunityDoc>(COMMUNITIES, {}, { sort: { code: 1 }, limit: 2 })).map((c) => c.code);
      const strongEvents = factEvents(strong, strongCommunity());
      const weakEvents = factEvents(weak, lowSurveyCommunity());
      for (const [code, es] of [[strong, strongEvents], [weak, weakEvents]] as const) {
        for (const e of es) await events.append(`facts-${code}`, [toAppend(e, code)], { expectedRevision: 'any' });
      }
      await runner.waitForCatchUp();
      const s = (await reads.get<ScoreDoc>(SCORES, `yizhou-community|${strong}`))!;
      const w = (await reads.get<ScoreDoc>(SCORES, `yizhou-community|${weak}`))!;
      expect(s.total).toBeCloseTo(evaluate(yizhou, strongEvents.reduce((f, e) => evolveFacts(f, e), {}), '2025-06-30').total, 6);
      expect(s.passed).toBe(true);
      expect(w.gapCount).toBeGreaterThan(s.gapCount);
      expect(w.total).toBeLessThan(s.total);
      const district = (await reads.get<RollupDoc>(ROLLUPS, 'yizhou-community|371302'))!;
      expect(district.aggregate.passed).toBeGreaterThanOrEqual(1);
    } finally {
      await runner.stop();
      await events.close();
      await reads.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('scoring projection over documents a MongoDB store wrote before ignoreUndefined', () => {
  it('a community stored with its unset facts as null is still scored by its next event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-nulls-'));
    const events = new SqliteEventStore({ file: join(dir, 'events.db'), now: () => new Date('2025-06-30T04:00:00Z'), pollIntervalMs: 20 });
    const reads = new SqliteReadStore(join(dir, 'reads.db'));
    const runner = new ProjectionRunner(scoringProjection(), eventStoreSource(events), reads, { batchSize: 1000 });
    try {
      const gansu = loadShippedStandards().find((s) => s.id === GANSU)!;
      await seedRegion(events, DISTRICT);
      await events.append('standard-gansu', [toAppend({ type: 'StandardPublished', version: 1, data: { standardId: gansu.id, version: gansu.version, issuingAuthority: gansu.issuingAuthority, effectiveFrom: gansu.effectiveFrom, document: gansu as never } }, '620000')], { expectedRevision: 'any' });
      await runner.start();
      await runner.waitForCatchUp();
      const code = (await reads.find<CommunityDoc>(COMMUNITIES, {}, { sort: { code: 1 }, limit: 1 }))[0].code;
      // As the driver stored emptyFacts() with its default ignoreUndefined: false.
      const stored = (await reads.get<CommunityDoc>(COMMUNITIES, code))!;
      const nulls = Object.fromEntries(['activities', 'participants', 'surveys', 'facilities', 'problems', 'quantities', 'inspectorScores', 'incidents', 'notApplicable', 'attributes'].map((k) => [k, null]));
      await reads.commit(SCORING_PROJECTION, [{ collection: COMMUNITIES, put: { ...stored, facts: nulls as never, reviewOn: null as never } as CommunityDoc, derived: true }], await reads.checkpoint(SCORING_PROJECTION));
      const es = factEvents(code, strongCommunity());
      for (const e of es) await events.append(`facts-${code}`, [toAppend(e, code)], { expectedRevision: 'any' });
      await runner.waitForCatchUp();
      expect(runner.status().error).toBeUndefined();
      const expected = evaluate(gansu, es.reduce((f, e) => evolveFacts(f, e), {}), '2025-06-30');
      expect((await reads.get<ScoreDoc>(SCORES, `${GANSU}|${code}`))!).toMatchObject({ passed: expected.passed, gapCount: expected.gaps.length });
      expect((await reads.get<ScoreDoc>(SCORES, `${GANSU}|${code}`))!.total).toBeCloseTo(expected.total, 6);
      expect((await reads.get<RollupDoc>(ROLLUPS, `${GANSU}|${DISTRICT}`))!.aggregate.passed).toBe(expected.passed ? 1 : 0);
    } finally {
      await runner.stop();
      await events.close();
      await reads.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
