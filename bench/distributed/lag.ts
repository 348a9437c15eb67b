import { progressBar } from '@chuangwen/projections';
import { Cluster } from './cluster';
import { percentile } from './stats';
import { ACTIVITY, scoredActivities } from './watched';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types; this is the part used here
const autocannon = require('autocannon') as (
  options: Record<string, unknown>,
) => Promise<{ non2xx: number; errors: number }>;

export interface LagResult {
  readonly rate: number;
  readonly seconds: number;
  /** Activities the activities process acknowledged (201), and per second. */
  readonly sent: number;
  readonly sentPerSecond: number;
  readonly seen: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Event-to-scorecard lag at a sustained load: autocannon posts activities at `rate` per second for
 * `seconds` (round robin over the region's communities) to the activities process, which may
 * acknowledge fewer (its own write path: `sentPerSecond` is the load the system took); each acknowledged
 * activity's lag runs from its 201 to the moment the scoring process has stored the community's
 * facts with it (see watched.ts), looked at every 50 ms.
 */
export async function measureLag(
  cluster: Cluster,
  options: { activitiesPort: number; token: string; communities: readonly string[]; rate: number; seconds: number },
): Promise<LagResult> {
  const reads = cluster.scoringReads();
  try {
    const { communities } = options;
    const start = await scoredActivities(reads, communities);
    /** Per community: activities acknowledged, and the instants they were, oldest first, not yet seen. */
    const acked = new Map<string, number>();
    const pending = new Map<string, { k: number; at: number }[]>();
    const lags: number[] = [];
    let sent = 0;
    let next = 0;
    const bar = progressBar(`lag at ${options.rate}/s`);
    const total = options.rate * options.seconds;

    let loading = true;
    const watching = (async () => {
      const deadline = () => (loading ? Infinity : stoppedAt + 30_000);
      while ((loading || [...pending.values()].some((p) => p.length > 0)) && Date.now() < deadline()) {
        const codes = [...pending].filter(([, p]) => p.length > 0).map(([c]) => c);
        if (codes.length > 0) {
          const counts = await scoredActivities(reads, codes);
          const now = Date.now();
          for (const code of codes) {
            const seen = (counts.get(code) ?? 0) - (start.get(code) ?? 0);
            const p = pending.get(code)!;
            while (p.length > 0 && p[0].k <= seen) lags.push(now - p.shift()!.at);
          }
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let stoppedAt = Infinity;

    const started = Date.now();
    await autocannon({
      url: `http://127.0.0.1:${options.activitiesPort}`,
      connections: Math.min(64, Math.max(4, Math.ceil(options.rate / 10))),
      overallRate: options.rate,
      duration: options.seconds, // what the activities process acknowledges in that time is the load it took
      requests: [
        {
          method: 'POST',
          path: '/api/activities',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
            const code = communities[next++ % communities.length];
            context.code = code;
            return {
              ...req,
              body: JSON.stringify({
                communityCode: code,
                ...ACTIVITY,
                title: `bench ${next}`,
                organiser: 'bench',
                participants: 10,
              }),
            };
          },
          onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
            if (status !== 201) return;
            const code = context.code as string;
            const k = (acked.get(code) ?? 0) + 1;
            acked.set(code, k);
            (pending.get(code) ?? pending.set(code, []).get(code)!).push({ k, at: Date.now() });
            bar(++sent, total);
          },
        },
      ],
    });
    const seconds = (Date.now() - started) / 1000;
    loading = false;
    stoppedAt = Date.now();
    await watching;
    lags.sort((a, b) => a - b);
    return {
      rate: options.rate,
      seconds: options.seconds,
      sent,
      sentPerSecond: Math.round(sent / seconds),
      seen: lags.length,
      p50: percentile(lags, 50),
      p99: percentile(lags, 99),
      max: lags[lags.length - 1] ?? NaN,
    };
  } finally {
    await reads.close();
  }
}
