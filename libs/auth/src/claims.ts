import { Actor, isJurisdictionCode } from '@chuangwen/contracts';
import { ROLES, Role } from './roles';

/** Where an identity provider puts the role and the jurisdiction, and how its role names map to ours. */
export interface ClaimMapping {
  /** Claim name, or a dotted path into nested claims (e.g. `realm_access.roles`). Default `roles`. */
  readonly role: string;
  /** Claim name or dotted path holding a 6, 9 or 12 digit jurisdiction code. Default `jurisdiction`. */
  readonly jurisdiction: string;
  /** The provider's role names to ours (e.g. `{"cw-office": "office"}`); a name not listed is taken as is. */
  readonly roleMap?: Readonly<Record<string, Role>>;
}

export const DEFAULT_CLAIMS: ClaimMapping = { role: 'roles', jurisdiction: 'jurisdiction' };

/** A claim by its exact name first (names may contain dots, e.g. URLs), else by a dotted path. */
function claim(payload: Record<string, unknown>, name: string): unknown {
  if (name in payload) return payload[name];
  return name
    .split('.')
    .reduce<unknown>(
      (at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
      payload,
    );
}

/** Roles come as an array or, as some providers send scopes, one string separated by spaces or commas. */
function names(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  return undefined;
}

/** The actor a verified token stands for, or why it stands for none. Unknown role names are dropped. */
export function actorOf(
  payload: Record<string, unknown>,
  mapping: ClaimMapping = DEFAULT_CLAIMS,
): Actor | { problem: string } {
  const sub = payload.sub;
  const jurisdiction = claim(payload, mapping.jurisdiction);
  const roles = names(claim(payload, mapping.role));
  if (typeof sub !== 'string' || sub === '') return { problem: 'the token lacks sub' };
  if (typeof jurisdiction !== 'string' || !isJurisdictionCode(jurisdiction))
    return { problem: `the token's ${mapping.jurisdiction} claim is not a jurisdiction code` };
  if (!roles) return { problem: `the token lacks the ${mapping.role} claim (roles)` };
  const ours = roles
    .map((r) => mapping.roleMap?.[r] ?? r)
    .filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return { id: sub, jurisdiction, roles: [...new Set(ours)] };
}
