import { ValidateBy, ValidationOptions } from 'class-validator';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// A date-time with its offset: Z, ±HH:MM or ±HHMM. Without one its meaning would be the host's zone.
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;

/** 'YYYY-MM-DD' naming a day that exists (no 2026-02-30, no month 13). */
export function isRealDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** An ISO 8601 date-time on a real day, with a real time and an explicit offset. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m || !isRealDay(m[1])) return false;
  if (+m[2] > 23 || +m[3] > 59 || (m[4] !== undefined && +m[4] > 59)) return false;
  return m[5] === 'Z' || (+m[6] <= 14 && +m[7] <= 59);
}

const rule = (name: string, test: (v: unknown) => boolean, message: string, options?: ValidationOptions) =>
  ValidateBy({ name, validator: { validate: test, defaultMessage: (a) => `${a?.property} ${message}` } }, options);

/** A calendar day, YYYY-MM-DD, that exists: every day field and day query parameter. */
export const IsDay = (options?: ValidationOptions): PropertyDecorator =>
  rule('isDay', isRealDay, 'must be a real calendar day YYYY-MM-DD', options);

/** An instant with an offset (2025-05-20T09:00:00+08:00 or …Z): never the host's zone. */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isInstant',
    isInstant,
    'must be an ISO 8601 date-time with an offset (e.g. 2025-05-20T09:00:00+08:00 or …Z)',
    options,
  );

/** A day (read as the China day) or an instant with an offset: range bounds of exports. */
export const IsDayOrInstant = (options?: ValidationOptions): PropertyDecorator =>
  rule(
    'isDayOrInstant',
    (v) => isRealDay(v) || isInstant(v),
    'must be a real calendar day YYYY-MM-DD or a date-time with an offset',
    options,
  );

/** This day is not before the sibling day (ranges: from … to). Checked only when both are days. */
export const NotBefore = (sibling: string, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'notBefore',
      constraints: [sibling],
      validator: {
        validate: (v, a) => {
          const start = (a?.object as Record<string, unknown>)[sibling];
          return !isRealDay(v) || !isRealDay(start) || v >= start;
        },
        defaultMessage: (a) => `${a?.property} must not be before ${sibling}`,
      },
    },
    options,
  );
