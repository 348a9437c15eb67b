import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength, ValidateBy } from 'class-validator';

// Lone UTF-16 surrogates (a pair is one code point under /u and is not Cs).
const LONE_SURROGATE = /\p{Cs}/u;
// C0 and C1 controls and DEL; tab, LF and CR are looked at apart (multi-line text keeps them).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;
// Bidirectional embeddings, overrides and isolates: they reorder what a reader sees (`txt.exe`).
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

const at = (s: string, re: RegExp) => {
  const i = s.search(re);
  return `U+${s.codePointAt(i)!.toString(16).toUpperCase().padStart(4, '0')} at position ${i + 1}`;
};

/**
 * Why a text may not be stored, or undefined: lone surrogates, control characters, bidi
 * controls; tabs and line breaks only when `multiline`. Pure, so documents (standards) use it too.
 */
export function textProblem(s: string, multiline = false): string | undefined {
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate';
  if (CONTROL.test(s)) return `must not contain control characters (${at(s, CONTROL)})`;
  if (!multiline && LINE_BREAK.test(s)) return `must be one line: no tabs or line breaks (${at(s, LINE_BREAK)})`;
  if (BIDI.test(s)) return `must not contain bidirectional control characters (${at(s, BIDI)})`;
  return undefined;
}

export interface TextOptions {
  /** Most characters (UTF-16 units) after trimming. */
  readonly max: number;
  /** Line breaks and tabs allowed (descriptions, reasons, remarks). */
  readonly multiline?: boolean;
  /** An array of texts (names, skills). */
  readonly each?: boolean;
}

const trim = (value: unknown): unknown =>
  typeof value === 'string'
    ? value.trim()
    : Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? v.trim() : v))
      : value;

/**
 * Free text a person typed: trimmed, never empty or only blanks (leave an optional field out
 * instead), at most `max` long, and free of what disguises or breaks text (see textProblem).
 */
export const IsText = ({ max, multiline = false, each = false }: TextOptions): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => trim(value)),
    IsString({ each, message: each ? 'each $property must be text' : '$property must be text' }),
    IsNotEmpty({
      each,
      message: each ? 'each $property must not be empty or only blanks' : '$property must not be empty or only blanks',
    }),
    MaxLength(max, { each, message: `$property must be at most ${max} characters` }),
    ValidateBy(
      {
        name: 'isCleanText',
        validator: {
          validate: (v) => typeof v !== 'string' || textProblem(v, multiline) === undefined,
          defaultMessage: (a) => {
            const values = Array.isArray(a?.value) ? a!.value : [a?.value];
            const problem = values
              .map((v: unknown) => (typeof v === 'string' ? textProblem(v, multiline) : undefined))
              .find(Boolean);
            return `${a?.property} ${problem ?? 'is not clean text'}`;
          },
        },
      },
      { each },
    ),
  ) as PropertyDecorator;

/**
 * Every string in a document (a standard, posted whole) that textProblem refuses, by path. Line
 * breaks are allowed: documents carry notes. The body's depth is bounded before this runs.
 */
export function textProblemsIn(value: unknown, path = ''): { field: string; messages: string[] }[] {
  if (typeof value === 'string') {
    const problem = textProblem(value, true);
    return problem ? [{ field: path || 'body', messages: [`${path || 'body'} ${problem}`] }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(textProblem(k)
      ? [{ field: path ? `${path}.${k}` : k, messages: [`key ${JSON.stringify(k)} ${textProblem(k)}`] }]
      : []),
    ...textProblemsIn(v, path ? `${path}.${k}` : k),
  ]);
}
