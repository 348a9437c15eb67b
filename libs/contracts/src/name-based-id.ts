import { createHash } from 'node:crypto';

/**
 * A UUID-shaped (version-5 layout) sha1 of a name: the same on every run, so appends made by
 * seeding and start-up (registrations, shipped standards) are idempotent by event id.
 */
export function nameBasedId(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
