import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { CLOCK } from '@chuangwen/contracts';
import type { Clock } from '@chuangwen/contracts';
import { GridInbound } from '../application/grid-inbound';
import { GRID_LINK_OPTIONS, GridLinkOptions } from '../application/options';
import { GRID_HEADERS, verifySignature } from '../application/signature';

/**
 * The webhook's authentication, in place of the bearer token: a known key id, a signature over the
 * raw body bytes (NestFactory `rawBody: true`), and a fresh timestamp. 401 otherwise, before the
 * body is even validated. The client then travels on the request as `gridClient`.
 */
@Injectable()
export class GridSignatureGuard implements CanActivate {
  constructor(
    private readonly inbound: GridInbound,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GRID_LINK_OPTIONS) private readonly options: GridLinkOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const header = (name: string): string | undefined => {
      const v = request.headers?.[name];
      return typeof v === 'string' ? v : undefined;
    };
    const keyId = header(GRID_HEADERS.keyId);
    const client = this.inbound.client(keyId);
    if (!client)
      throw new UnauthorizedException(
        keyId ? `unknown grid key id ${keyId}` : `the ${GRID_HEADERS.keyId} header is required`,
      );
    if (!Buffer.isBuffer(request.rawBody))
      throw new UnauthorizedException('the body must be JSON (Content-Type: application/json) to be signed');
    const check = verifySignature({
      secret: client.secret,
      timestamp: header(GRID_HEADERS.timestamp),
      signature: header(GRID_HEADERS.signature),
      body: request.rawBody,
      now: this.clock.now(),
      maxAgeSeconds: this.options.signatureToleranceSeconds,
    });
    if (!check.ok) throw new UnauthorizedException(`grid signature refused: ${check.reason}`);
    request.gridClient = client;
    return true;
  }
}
