import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, isJurisdictionCode, isWithin } from '@chuangwen/contracts';
import { actorOf, ClaimMapping } from './claims';
import { PUBLIC_KEY, ROLES_KEY, SCOPE_KEY, ScopeSource } from './decorators';
import { READ_ONLY_ROLES, Role } from './roles';
import { KeysUnavailable, TokenVerifier } from './token-verifier';

export const CLAIM_MAPPING = Symbol('CLAIM_MAPPING');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** EventSource (server-sent events) cannot send headers: a GET may carry the token as access_token. */
function queryToken(request: { method?: string; query?: Record<string, unknown> }): string | undefined {
  const t = request.method === 'GET' ? request.query?.access_token : undefined;
  return typeof t === 'string' ? `Bearer ${t}` : undefined;
}

/**
 * Global guard: a signed bearer token (401 when missing or bad), the route's roles, and its
 * jurisdiction scope (403 when the target lies outside the token's jurisdiction).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
    @Inject(CLAIM_MAPPING) private readonly claims: ClaimMapping,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const actor = await this.authenticate(request.headers?.authorization ?? queryToken(request));
    request.actor = actor;

    // Read-only roles write nothing, whatever a route declares: defence in depth for analysts.
    if (
      !SAFE_METHODS.has(request.method) &&
      actor.roles.every((r) => (READ_ONLY_ROLES as readonly string[]).includes(r))
    ) {
      throw new ForbiddenException(
        `the role${actor.roles.length === 1 ? '' : 's'} ${actor.roles.join(', ') || '(none)'} may only read`,
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (roles && !roles.some((r) => actor.roles.includes(r))) {
      throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
    }
    const source = this.reflector.getAllAndOverride<ScopeSource>(SCOPE_KEY, targets);
    if (source) {
      const [part, field] = source.split('.') as ['body' | 'params' | 'query', string];
      const target = request[part]?.[field];
      // A missing or malformed code is the validator's to report (400), not the guard's.
      if (typeof target === 'string' && isJurisdictionCode(target) && !isWithin(target, actor.jurisdiction)) {
        throw new ForbiddenException(`${target} is outside your jurisdiction ${actor.jurisdiction}`);
      }
    }
    return true;
  }

  private async authenticate(header: unknown): Promise<Actor> {
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <token>)');
    let payload: Record<string, unknown>;
    try {
      payload = await this.verifier.verify(match[1]);
    } catch (e) {
      if (e instanceof KeysUnavailable) throw new ServiceUnavailableException(e.message);
      throw new UnauthorizedException(`the token is not valid: ${(e as Error).message}`);
    }
    const actor = actorOf(payload, this.claims);
    if ('problem' in actor) throw new UnauthorizedException(actor.problem);
    return actor;
  }
}
