import { createHash } from 'node:crypto';
import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';

/** Writes allowed per window, per client address and per credential; 0 turns that limit off. */
export interface RateLimits {
  readonly windowSeconds: number;
  readonly perClient: number;
  readonly perToken: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
type Request = { method?: string; ip?: string; headers?: Record<string, unknown>; socket?: { remoteAddress?: string } };
const requestOf = (context: ExecutionContext): Request => context.switchToHttp().getRequest();
const isRead = (context: ExecutionContext) => SAFE_METHODS.has(requestOf(context).method ?? 'GET');

/**
 * The credential a write comes with: the bearer token (hashed: the key must not hold it), else the
 * grid webhook's key id. A forged credential still counts: the per-client limit bounds those too.
 */
function credentialOf(request: Request): string | undefined {
  const authorization = request.headers?.authorization;
  if (typeof authorization === 'string' && authorization.trim())
    return `token:${createHash('sha256').update(authorization.trim()).digest('hex')}`;
  const gridKey = request.headers?.['x-grid-key-id'];
  return typeof gridKey === 'string' && gridKey ? `grid:${gridKey}` : undefined;
}

/** The throttlers: reads are never limited (they change nothing); every write counts against both. */
export function throttlerOptions(limits: RateLimits): ThrottlerModuleOptions {
  const ttl = limits.windowSeconds * 1000;
  return {
    // One budget across all routes, not one per route: a client spreading writes over routes gains nothing.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    errorMessage: (_context, detail) =>
      `too many writes: at most ${detail.limit} per ${limits.windowSeconds} s; retry after ${detail.timeToBlockExpire} s`,
    throttlers: [
      ...(limits.perClient > 0
        ? [
            {
              name: 'client',
              ttl,
              limit: limits.perClient,
              skipIf: isRead,
              getTracker: (req: Request) => req.ip ?? req.socket?.remoteAddress ?? 'unknown',
            },
          ]
        : []),
      ...(limits.perToken > 0
        ? [
            {
              name: 'token',
              ttl,
              limit: limits.perToken,
              skipIf: (c: ExecutionContext) => isRead(c) || !credentialOf(requestOf(c)),
              getTracker: (req: Request) => credentialOf(req)!,
            },
          ]
        : []),
    ],
  };
}

/** Throttler with a 429 body shaped like every other error of the API. */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const message = await this.getErrorMessage(context, detail);
    context.switchToHttp().getResponse().header('Retry-After', String(detail.timeToBlockExpire));
    throw new HttpException(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
