/**
 * Roles a token can carry. Offices (文明办) run the campaign for their jurisdiction; street offices
 * supervise communities; community staff record what they do; inspectors (测评员) inspect and score;
 * analysts read and export only; system is for seeding and integrations.
 */
export const ROLES = ['office', 'street', 'community', 'inspector', 'analyst', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may record what happens in a community (activities, rectification submissions…). */
export const RECORDING_ROLES: readonly Role[] = ['office', 'street', 'community', 'system'];

/** Roles that read and export only: a token holding nothing else can write nothing (any POST/PUT/… is 403). */
export const READ_ONLY_ROLES: readonly Role[] = ['analyst'];
