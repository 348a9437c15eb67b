import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { RESIDENTS_OPTIONS, ResidentsOptions } from './options';

/**
 * Abuse limits of the anonymous report endpoints, keyed on both the client address and the device
 * (a phone behind a shared carrier address still has its own budget; one device changing address
 * does not escape its own). Fixed windows in memory: per process, like the platform's write limits.
 * Only writes count: following a report's status is never limited.
 */
@Injectable()
export class ReportLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    @Inject(RESIDENTS_OPTIONS) private readonly options: ResidentsOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Counts one report against both keys, or throws a 429 (with Retry-After) and counts nothing. */
  take(clientAddress: string, device: string | undefined, setRetryAfter: (seconds: number) => void): void {
    const { windowSeconds, perClient, perDevice } = this.options.limits;
    const now = this.clock.now().getTime();
    const checks = [
      ...(perClient > 0 ? [{ key: `client:${clientAddress}`, limit: perClient, what: 'from this address' }] : []),
      ...(perDevice > 0 && device ? [{ key: `device:${device}`, limit: perDevice, what: 'from this device' }] : []),
    ];
    for (const c of checks) {
      const w = this.current(c.key, now, windowSeconds);
      if (w.count >= c.limit) {
        const retry = Math.max(1, Math.ceil((w.start + windowSeconds * 1000 - now) / 1000));
        setRetryAfter(retry);
        throw new HttpException(
          {
            statusCode: 429,
            error: 'Too Many Requests',
            message: `too many reports ${c.what}: at most ${c.limit} per ${windowSeconds} s; retry after ${retry} s`,
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
    for (const c of checks) this.current(c.key, now, windowSeconds).count++;
    if (this.windows.size > 100_000) this.sweep(now, windowSeconds);
  }

  private current(key: string, now: number, windowSeconds: number) {
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowSeconds * 1000) this.windows.set(key, (w = { start: now, count: 0 }));
    return w;
  }

  private sweep(now: number, windowSeconds: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= windowSeconds * 1000) this.windows.delete(k);
  }
}
