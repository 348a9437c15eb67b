import { readFileSync } from 'node:fs';
import { percentile } from '../distributed/stats';

export interface Latency {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Milliseconds, three decimals. */
export function latency(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    samples: ms.length,
    p50: r(percentile(sorted, 50)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted[sorted.length - 1] ?? NaN),
    mean: r(ms.reduce((a, b) => a + b, 0) / (ms.length || 1)),
  };
}

/** Times one call in milliseconds. */
export async function timed<T>(f: () => Promise<T> | T): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const value = await f();
  return [Number(process.hrtime.bigint() - t) / 1e6, value];
}

/** Peak and current resident set of this process (VmHWM, VmRSS), in MiB. */
export function memory(): { peakRssMiB: number; rssMiB: number; heapUsedMiB: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return {
    peakRssMiB: Math.round(kb('VmHWM') / 1024),
    rssMiB: Math.round(kb('VmRSS') / 1024),
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}
