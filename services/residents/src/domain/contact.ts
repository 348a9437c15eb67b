import { invalid } from '@chuangwen/contracts';

/**
 * Residents' contact details, pure: normalised and masked here, hashed by the application (the
 * HMAC key is a setting), kept nowhere in clear. Same approach as volunteers' identity numbers.
 */

/** A mainland mobile number, 11 digits from 1[3-9], with an optional +86/86 prefix, spaces or dashes. */
export function normalisePhone(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (!/^1[3-9]\d{9}$/.test(digits))
    throw invalid('phone must be a mainland mobile number (11 digits starting 13–19)', { field: 'phone' });
  return digits;
}

/** `13812345678` → `138****5678`. */
export const maskPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** `张三丰` → `张**`; a Latin name keeps its first letter. */
export const maskName = (name: string): string => {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
};

export const normaliseEmail = (raw: string): string => raw.trim().toLowerCase();

/** `zhang.san@example.cn` → `z***@example.cn`. */
export const maskEmail = (email: string): string => {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain ?? ''}`;
};

/** Mobile numbers typed into free text (a description) are masked before anything is stored. */
export const scrubPhones = (text: string): string =>
  text.replace(
    /(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g,
    (_m, a: string, _b: string, c: string) => `${a}****${c}`,
  );
