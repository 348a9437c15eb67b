import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluationDayStream } from '@chuangwen/contracts';
import type { DomainEvent } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { seedRegion } from '@chuangwen/jurisdictions';
import { eventStoreSource, Projection, ProjectionRunner } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { loadShippedStandards } from '@chuangwen/scoring-engine';
import type { CommunityFacts, Standard } from '@chuangwen/scoring-engine';
import { accidentCommunity, lowSurveyCommunity, strongCommunity } from '../../../../../libs/scoring-engine/src/spec/communities';
import { evaluationDayBegan } from '../../calendar/evaluation-day.scheduler';
import { factEvents, toAppend } from '../../testing/script';
import { COMMUNITIES, CommunityDoc, FACT_LOG, ROLLUPS, SCORES, STANDARDS } from '../collections';
import { SCORING_PROJECTION, scoringProjection } from '../scoring.projection';

/**
 * The replay (a rebuild folded in memory) against the projection applied live in small batches and
 * against the windowed rebuild through `apply`, over a randomized two-year log of 城关区: facts of
 * every kind on random committees, evaluation days, a district standard that starts and ends
 * mid-log (communities leave it, its roll-ups empty), a late new version, and facts of a committee
 * registered only after them.
 */
describe('scoring replay equals the live projection', () => {
  const DISTRICT = '620102';
  const LATE = '620102001999'; // registered mid-log, after facts of its own
  let dir: string;
  let events: SqliteEventStore;
  const clock = { t: new Date('2025-01-01T01:00:00Z') };

  const gansu = () => loadShippedStandards().find((s) => s.id === 'gansu-civilized-community')!;
  const publish = (s: Standard) =>
    events.append(`standard-${s.id}`, [toAppend({ type: 'StandardPublished', version: 1, data: { standardId: s.id, version: s.version, issuingAuthority: s.issuingAuthority, effectiveFrom: s.effectiveFrom, ...(s.effectiveTo ? { effectiveTo: s.effectiveTo } : {}), document: s as never } }, s.issuingAuthority)], { expectedRevision: 'any' });

  /** A small deterministic generator (mulberry32). */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-replay-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db'), now: () => clock.t });
    await seedRegion(events, DISTRICT);
    const g = gansu();
    await publish(g);
    const committees = (await events.readAll({ maxCount: 10_000 })).filter((e) => e.type === 'JurisdictionRegistered' && (e.data as { level: string }).level === 'community').map((e) => (e.data as { code: string }).code);
    const next = random(20251123);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
    const scripts: CommunityFacts[] = [strongCommunity(), accidentCommunity(), lowSurveyCommunity()];
    const district: Standard = { ...g, id: 'chengguan-pilot', title: '城关区试点', issuingAuthority: DISTRICT, effectiveFrom: '2025-03-01', effectiveTo: '2025-09-30' };
    const once = new Set<number>();
    const first = (day: number, at: number) => day >= at && !once.has(at) && once.add(at) !== undefined;
    for (let day = 0; day < 540; day += 1 + Math.floor(next() * 6)) {
      const date = new Date(Date.UTC(2025, 0, 1 + day));
      const iso = date.toISOString().slice(0, 10);
      clock.t = new Date(`${iso}T00:05:00+08:00`);
      await events.append(evaluationDayStream(iso), [evaluationDayBegan(iso)], { expectedRevision: 'any' });
      clock.t = new Date(`${iso}T10:00:00+08:00`);
      if (first(day, 20)) await publish(district);
      if (first(day, 300)) await publish({ ...g, version: g.version + 1, effectiveFrom: '2025-12-01' });
      if (first(day, 200)) {
        await events.append(`jurisdiction-${LATE}`, [toAppend({ type: 'JurisdictionRegistered', version: 1, data: { code: LATE, name: '后登记社区', level: 'community', parentCode: '620102001', ancestors: ['000000', '620000', '620100', DISTRICT, '620102001'], kind: 'residents_committee', source: 'test' } }, LATE)], { expectedRevision: 'any' });
      }
      const batch: DomainEvent[] = [];
      for (let n = Math.floor(next() * 5); n > 0; n--) {
        const code = next() < 0.05 ? LATE : pick(committees);
        const script = factEvents(code, pick(scripts));
        batch.push(...script.filter(() => next() < 0.3));
      }
      if (batch.length) await events.appendMany(batch.map((e) => ({ streamId: `facts-${(e.data as { communityCode: string }).communityCode}`, events: [toAppend(e, DISTRICT)], expectedRevision: 'any' as const })));
    }
  }, 120_000);
  afterAll(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const dump = async (store: SqliteReadStore) => {
    const out: Record<string, unknown[]> = {};
    for (const c of [COMMUNITIES, FACT_LOG, SCORES, ROLLUPS, STANDARDS]) out[c] = (await store.find(c, {}, {})).map(({ _pos, ...rest }) => rest);
    return out;
  };
  const run = async (name: string, projection: Projection, how: (r: ProjectionRunner) => Promise<void>, batchSize: number) => {
    const store = new SqliteReadStore(join(dir, `${name}.db`));
    const runner = new ProjectionRunner(projection, eventStoreSource(events), store, { batchSize, rebuildWindow: 500 });
    await how(runner);
    await runner.stop();
    const state = await dump(store);
    expect(await store.checkpoint(SCORING_PROJECTION)).toBe(await events.headPosition());
    await store.close();
    return state;
  };
  const withoutReplay = (): Projection => ({ ...scoringProjection(), replay: undefined });

  it('leaves exactly the state of applying the events batch by batch, and of the windowed rebuild', async () => {
    // Live: nothing replayed, events applied in batches of 13 as they would arrive.
    let pilotScored = 0;
    const live = await run('live', withoutReplay(), async (r) => {
      r.onChange((c) => (pilotScored += c.changed.filter((d) => d.collection === SCORES && d.id.startsWith('chengguan-pilot|')).length));
      await r.start();
      await r.waitForCatchUp(60_000);
    }, 13);
    expect(pilotScored).toBeGreaterThan(100); // the pilot was in force for a while
    const replayed = await run('replayed', scoringProjection(), (r) => r.rebuild(), 1000);
    // The same with half the communities settled on a helper thread (as a national rebuild does).
    const helped = await run('helped', scoringProjection({ replay: { helperFrom: 0 } }), (r) => r.rebuild(), 1000);
    const windowed = await run('windowed', withoutReplay(), (r) => r.rebuild(), 97);

    // Every registered committee is scored (once: 甘肃's two versions share an id).
    expect(live[SCORES].length).toBe((live[COMMUNITIES] as CommunityDoc[]).filter((c) => c.registered).length);
    expect((live[COMMUNITIES] as CommunityDoc[]).find((c) => c.code === LATE)).toMatchObject({ registered: true });
    expect((live[FACT_LOG] as { _id: string }[]).some((l) => l._id === LATE)).toBe(true);
    // The pilot ended: no community is scored under it any more, and its roll-ups are gone.
    expect((live[SCORES] as { standardId: string }[]).some((s) => s.standardId === 'chengguan-pilot')).toBe(false);
    expect((live[ROLLUPS] as { standardId: string }[]).some((s) => s.standardId === 'chengguan-pilot')).toBe(false);
    for (const c of Object.keys(live)) {
      expect(sorted(replayed[c])).toEqual(sorted(live[c]));
      expect(sorted(helped[c])).toEqual(sorted(live[c]));
      expect(sorted(windowed[c])).toEqual(sorted(live[c]));
    }
  }, 180_000);
});

const sorted = (docs: unknown[]) => [...(docs as { _id: string }[])].sort((a, b) => (a._id < b._id ? -1 : 1));
