/**
 * Resident identity-card numbers (公民身份号码, GB 11643-1999): 6 digits of region (GB/T 2260),
 * 8 of birth date, 3 of sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).
 * Pure: the number is checked and masked here and hashed by the application; it is kept nowhere.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
/** Province-level prefixes of GB/T 2260 (incl. 71 台湾, 81 香港, 82 澳门). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
]);

export type IdNumberProblem = 'format' | 'region' | 'birth_date' | 'check_digit';

/** The check character ISO 7064 MOD 11-2 gives for the first 17 digits. */
export function checkCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return CHECK[sum % 11];
}

/** Why a number is not a valid identity number, or undefined when it is. `today`: 'YYYY-MM-DD'. */
export function idNumberProblem(raw: string, today?: string): IdNumberProblem | undefined {
  const id = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return 'region';
  const [y, m, d] = [+id.slice(6, 10), +id.slice(10, 12), +id.slice(12, 14)];
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!valid || y < 1900 || (today && birth > today)) return 'birth_date';
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return undefined;
}

export const isValidIdNumber = (raw: string, today?: string): boolean => idNumberProblem(raw, today) === undefined;

/** Upper-cases a final x and drops surrounding blanks: the same person is one number. */
export const normaliseIdNumber = (raw: string): string => raw.trim().toUpperCase();

/** Keeps the first four and last four characters: `3212**********1234`. */
export function maskIdNumber(raw: string): string {
  const id = normaliseIdNumber(raw);
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`;
}
