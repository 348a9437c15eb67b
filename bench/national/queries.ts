import Database from 'better-sqlite3';
import type { Clock } from '@chuangwen/contracts';
import type { ReadStore } from '@chuangwen/read-store';
import { ScoringQueries } from '@chuangwen/scoring';
import { evaluate } from '@chuangwen/scoring-engine';
import type { CommunityFacts } from '@chuangwen/scoring-engine';
import { evolveFacts } from '../../services/scoring/src/facts/evolve-facts';
import { FACT_EVENT_TYPES, type FactEvent } from '../../services/scoring/src/facts/scoring-events';
import type { Community } from './generate';
import { Random } from './random';
import { latency, Latency, timed } from './stats';

export interface QueryResults {
  readonly scorecard: Latency;
  readonly districtRanking: Latency;
  readonly nationalTop100: Latency;
  /** Naive: a community's events selected from the event log (expression index on the jurisdiction), folded, evaluated. */
  readonly baselineIndexed: Latency & { indexSeconds: number; meanEvents: number };
  /** Naive without any index: a full scan of the log per read. */
  readonly baselineScan: Latency;
  /** The answers agree: the baseline's total equals the scorecard query's for every sampled community. */
  readonly baselineAgrees: boolean;
}

/** Query latencies through ScoringQueries (what the HTTP API calls), and the naive baseline beside them. */
export async function measureQueries(
  reads: ReadStore,
  eventsFile: string,
  clock: Clock,
  communities: readonly Community[],
  o: { samples: number; scanSamples: number; seed: number },
  progress: (line: string) => void,
): Promise<QueryResults> {
  const queries = new ScoringQueries(reads, clock);
  const random = new Random(o.seed ^ 0xbeef);
  const districts = [...new Set(communities.map((c) => c.district))];
  const sample = async (n: number, f: () => Promise<unknown>) => {
    await f(); // warm-up: statements prepared, standards compiled
    const ms: number[] = [];
    for (let i = 0; i < n; i++) ms.push((await timed(f))[0]);
    return latency(ms);
  };
  progress('queries: scorecards');
  const scorecard = await sample(o.samples, () => queries.communityScorecards(random.pick(communities).code));
  progress('queries: district rankings');
  const districtRanking = await sample(o.samples, () => queries.rankings(random.pick(districts), 'street'));
  progress('queries: national top 100');
  const nationalTop100 = await sample(Math.min(o.samples, 500), () =>
    queries.rankings('000000', 'community', { limit: 100 }),
  );

  const db = new Database(eventsFile);
  try {
    progress('baseline: expression index on the events’ jurisdiction');
    const [indexMs] = await timed(() =>
      db.exec(
        "CREATE INDEX IF NOT EXISTS bench_events_jurisdiction ON events (json_extract(metadata, '$.jurisdictionCode'))",
      ),
    );
    const types = [...FACT_EVENT_TYPES].map((t) => `'${t}'`).join(',');
    const indexed = db.prepare<[string], { type: string; data: string }>(
      `SELECT type, data FROM events WHERE json_extract(metadata, '$.jurisdictionCode') = ? AND type IN (${types}) ORDER BY position`,
    );
    const scan = db.prepare<[string], { type: string; data: string }>(
      `SELECT type, data FROM events NOT INDEXED WHERE json_extract(data, '$.communityCode') = ? AND type IN (${types}) ORDER BY position`,
    );
    const naive = async (stmt: typeof indexed, code: string) => {
      const rows = stmt.all(code);
      const facts = rows.reduce(
        (f, r) => evolveFacts(f, { type: r.type, version: 1, data: JSON.parse(r.data) } as FactEvent),
        {} as CommunityFacts,
      );
      const day = queries.today();
      const cards = (await queries.standardsFor(code, day)).map((s) => evaluate(s, facts, day));
      return { rows: rows.length, totals: cards.map((c) => c.total) };
    };
    progress('baseline: naive reads (indexed)');
    let agrees = true;
    let events = 0;
    const baselineSamples = Math.min(o.samples, 1000);
    const ms: number[] = [];
    for (let i = 0; i < baselineSamples; i++) {
      const code = random.pick(communities).code;
      const [t, r] = await timed(() => naive(indexed, code));
      ms.push(t);
      events += r.rows;
      const served = (await queries.communityScorecards(code)).cards.map((c) => c.total);
      if (served.join() !== r.totals.join()) agrees = false;
    }
    progress(`baseline: naive reads with full scans (${o.scanSamples})`);
    const scanMs: number[] = [];
    for (let i = 0; i < o.scanSamples; i++)
      scanMs.push((await timed(() => naive(scan, random.pick(communities).code)))[0]);
    return {
      scorecard,
      districtRanking,
      nationalTop100,
      baselineIndexed: {
        ...latency(ms),
        indexSeconds: Math.round(indexMs / 100) / 10,
        meanEvents: Math.round((events / baselineSamples) * 10) / 10,
      },
      baselineScan: latency(scanMs),
      baselineAgrees: agrees,
    };
  } finally {
    db.close();
  }
}
