import autocannon from 'autocannon';
import { progressBar } from '@chuangwen/projections';
import type { RunningPlatform } from './platform';

export type Mix = 'activities' | 'mixed';

export interface LoadResult {
  readonly platform: string;
  readonly connections: number;
  readonly seconds: number;
  /** Commands answered 2xx per second. */
  readonly commandsPerSecond: number;
  readonly ok: number;
  readonly failed: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** The platform process's CPU time per answered command: what a command costs, however busy the machine. */
  readonly cpuMsPerCommand: number;
  /**
   * The load generator's (this process's: autocannon) CPU time per request sent: its share of the same
   * cores, so that what the machine can give the platform at a target rate is known, not guessed.
   */
  readonly loadCpuMsPerRequest: number;
}

const KINDS = ['culture_sports', 'moral_lecture', 'science_popularization', 'environment_cleanup'] as const;
const CATEGORIES = [
  'sanitation_dead_corner',
  'illegal_posting',
  'littering',
  'random_piling',
  'stairwell_blocked',
] as const;

/**
 * One command as a user sends it: a new activity recorded in a committee (`POST /api/activities`),
 * or, in the mixed load, one in four a problem found there (`POST /api/problems`). Committee and
 * office token are drawn at random for each request, so streams never repeat and the roll-ups of the
 * district's streets are shared by many writers.
 */
function command(platform: RunningPlatform, mix: Mix, n: number) {
  const communityCode = platform.communities[Math.floor(Math.random() * platform.communities.length)];
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${platform.tokens[n % platform.tokens.length]}`,
  };
  if (mix === 'mixed' && n % 4 === 3) {
    const body = {
      communityCode,
      category: CATEGORIES[n % CATEGORIES.length],
      description: `bench problem ${n}`,
      source: 'inspector',
      foundOn: '2025-05-20',
    };
    return { method: 'POST', path: '/api/problems', headers, body: JSON.stringify(body) };
  }
  const body = {
    communityCode,
    kind: KINDS[n % KINDS.length],
    scale: 'ordinary',
    title: `bench ${n}`,
    organiser: 'bench',
    heldAt: '2025-05-20T09:00:00+08:00',
    participants: 10 + (n % 90),
  };
  return { method: 'POST', path: '/api/activities', headers, body: JSON.stringify(body) };
}

/** Drives `connections` clients, each sending its next command as soon as the last is answered. */
export function drive(
  platform: RunningPlatform,
  options: { connections: number; seconds: number; mix: Mix; quiet?: boolean },
): Promise<LoadResult> {
  let n = 0;
  const cpuBefore = platform.cpuMs();
  const loadCpuBefore = process.cpuUsage();
  const bar = progressBar(`${platform.label}: ${options.connections} clients`);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: platform.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 30,
        requests: [
          {
            setupRequest: (req) => ({ ...req, ...command(platform, options.mix, n++) }),
            ...(process.env.BENCH_DEBUG
              ? { onResponse: (status: number, body: string) => status >= 300 && console.error(status, body) }
              : {}),
          },
        ],
      },
      (error, r) => {
        if (error) return reject(error);
        if (process.env.BENCH_DEBUG)
          console.error(JSON.stringify({ ...r, requests: undefined, throughput: undefined }));
        const ok = r['2xx'];
        resolve({
          platform: platform.label,
          connections: options.connections,
          seconds: r.duration,
          commandsPerSecond: Math.round(ok / r.duration),
          ok,
          failed: r.non2xx + r.errors,
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          cpuMsPerCommand: Math.round(((platform.cpuMs() - cpuBefore) / Math.max(1, ok)) * 100) / 100,
          loadCpuMsPerRequest: Math.round((cpuMsSince(loadCpuBefore) / Math.max(1, r.requests.total)) * 100) / 100,
        });
      },
    );
    let elapsed = 0;
    if (!options.quiet)
      instance.on('tick', ({ counter }) => bar(++elapsed, options.seconds, `${counter} answered in the last second`));
  });
}

const cpuMsSince = (before: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
