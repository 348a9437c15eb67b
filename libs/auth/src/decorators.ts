import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@chuangwen/contracts';
import type { Role } from './roles';

export const PUBLIC_KEY = 'chuangwen:public';
export const ROLES_KEY = 'chuangwen:roles';
export const SCOPE_KEY = 'chuangwen:scope';

/** No token needed (health, docs, the dev token itself). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Any one of these roles is needed. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Where a write names its target jurisdiction, e.g. `body.communityCode` or `params.code`. */
export type ScopeSource = `${'body' | 'params' | 'query'}.${string}`;

/** The request's target jurisdiction must be the caller's or lie below it (403 otherwise). */
export const InScope = (source: ScopeSource) => SetMetadata(SCOPE_KEY, source);

/** The authenticated actor, as the guard put it on the request. */
export const CurrentActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor,
);
