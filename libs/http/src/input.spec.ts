import { plainToInstance } from 'class-transformer';
import { IsOptional, Max, Min, validateSync } from 'class-validator';
import { IsDay, IsDayOrInstant, isInstant, IsInstant, isRealDay, NotBefore } from './dates';
import { hasAtMostDecimals, IsDecimal } from './numbers';
import { IsText, textProblem } from './text';
import { nestsDeeperThan } from './body';

class Sample {
  @IsText({ max: 10 }) title!: string;
  @IsOptional() @IsText({ max: 100, multiline: true }) notes?: string;
  @IsOptional() @IsText({ max: 5, each: true }) tags?: string[];
  @IsOptional() @IsDay() from?: string;
  @IsOptional() @IsDay() @NotBefore('from') to?: string;
  @IsOptional() @IsInstant() at?: string;
  @IsOptional() @IsDayOrInstant() since?: string;
  @IsOptional() @IsDecimal(2) @Min(0.25) @Max(24) hours?: number;
}

const check = (plain: Record<string, unknown>) => {
  const dto = plainToInstance(Sample, { title: 'ok', ...plain });
  const errors = validateSync(dto);
  return {
    dto,
    fields: errors.map((e) => e.property),
    messages: errors.flatMap((e) => Object.values(e.constraints ?? {})),
  };
};

describe('free text', () => {
  it('is trimmed and kept when clean; CJK, emoji (surrogate pairs) and tabs in multi-line text pass', () => {
    const { dto, fields } = check({ title: '  道德讲堂 🎉 ', notes: '第一行\n\t第二行', tags: [' 理发 '] });
    expect(fields).toEqual([]);
    expect(dto).toMatchObject({ title: '道德讲堂 🎉', notes: '第一行\n\t第二行', tags: ['理发'] });
  });

  it.each([
    ['only whitespace', { title: ' \t\u3000 ' }, 'title', /empty or only blanks/],
    ['NUL', { title: 'a\u0000b' }, 'title', /control characters \(U\+0000 at position 2\)/],
    ['BEL', { notes: 'ding\u0007' }, 'notes', /control characters \(U\+0007/],
    ['DEL and C1', { title: 'a\u0085' }, 'title', /control characters \(U\+0085/],
    ['a right-to-left override', { title: 'fdp.\u202Etxt.exe' }, 'title', /bidirectional control characters \(U\+202E/],
    ['an isolate', { notes: 'x\u2067y' }, 'notes', /bidirectional control characters \(U\+2067/],
    ['a lone high surrogate', { title: 'a\uD83Db' }, 'title', /lone UTF-16 surrogate/],
    ['a lone low surrogate', { notes: '\uDE00' }, 'notes', /lone UTF-16 surrogate/],
    ['a line break in one-line text', { title: 'a\nb' }, 'title', /must be one line/],
    ['a tab in one-line text', { title: 'a\tb' }, 'title', /must be one line/],
    ['too long after trimming', { title: '12345678901' }, 'title', /at most 10 characters/],
    ['not text', { title: 42 }, 'title', /must be text/],
    ['an empty optional text', { notes: '' }, 'notes', /empty/],
    ['a bad element of a list', { tags: ['ok', 'a\u202Eb'] }, 'tags', /bidirectional/],
    ['a blank element of a list', { tags: ['ok', '  '] }, 'tags', /empty/],
  ])('refuses %s, naming the field', (_, plain, field, message) => {
    const { fields, messages } = check(plain);
    expect(fields).toEqual([field]);
    expect(messages.join(' ')).toMatch(message);
  });

  it('textProblem is the same rule for documents', () => {
    expect(textProblem('ok\nok', true)).toBeUndefined();
    expect(textProblem('ok\u202Dok', true)).toMatch(/bidirectional/);
  });
});

describe('days and instants', () => {
  it.each([
    '2026-02-30',
    '2026-13-45',
    '2025-02-29',
    '2026-00-10',
    '2026-1-01',
    '20260101',
    '2026-01-01T00:00:00Z',
    '',
  ])('%s is not a day', (d) => {
    expect(isRealDay(d)).toBe(false);
    expect(check({ from: d }).fields).toEqual(['from']);
  });

  it('a real day, a leap day included, is one', () => {
    expect(['2024-02-29', '2026-12-31', '2026-01-01'].every(isRealDay)).toBe(true);
  });

  it('an end before its start is refused, naming the end', () => {
    expect(check({ from: '2026-03-01', to: '2026-02-28' })).toMatchObject({
      fields: ['to'],
      messages: ['to must not be before from'],
    });
    expect(check({ from: '2026-03-01', to: '2026-03-01' }).fields).toEqual([]);
  });

  it.each([
    '2025-12-31T20:00:00',
    '2025-12-31T20:00',
    '2025-12-31',
    '2025-02-30T10:00:00+08:00',
    '2025-12-31T24:00:00Z',
    '2025-12-31T20:61:00Z',
    '2025-12-31T20:00:00+25:00',
  ])('refuses %s as an instant (no offset, or impossible)', (at) => {
    expect(isInstant(at)).toBe(false);
    expect(check({ at }).fields).toEqual(['at']);
  });

  it('takes instants with Z, ±HH:MM or ±HHMM and fractions', () => {
    expect(
      [
        '2025-12-31T20:00:00Z',
        '2025-12-31T20:00+08:00',
        '2025-12-31T20:00:00.123-05:00',
        '2025-06-01T09:30:00+0800',
      ].every(isInstant),
    ).toBe(true);
  });

  it('export bounds take a day or an instant with an offset, never a local date-time', () => {
    expect(check({ since: '2025-01-01' }).fields).toEqual([]);
    expect(check({ since: '2025-01-01T00:00:00+08:00' }).fields).toEqual([]);
    expect(check({ since: '2025-01-01T00:00:00' }).fields).toEqual(['since']);
    expect(check({ since: '2025-02-30' }).fields).toEqual(['since']);
  });
});

describe('decimals', () => {
  it.each([1e-7, 5e-324, 2.675, 0.001, NaN, Infinity, 1e21 + 0.5])(
    '%p has more than two decimals (or is no number); no TypeError',
    (hours) => {
      expect(() => check({ hours })).not.toThrow();
      expect(check({ hours }).fields).toEqual(['hours']);
    },
  );

  it('takes numbers with up to two decimals', () => {
    expect([0.25, 2.5, 0.29, 24, 1.1].every((h) => hasAtMostDecimals(h, 2))).toBe(true);
    expect(check({ hours: 0.29 }).fields).toEqual([]);
  });
});

describe('nesting depth', () => {
  const nested = (depth: number) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
    return v;
  };

  it('counts arrays and objects, without recursion even at 100,000 levels', () => {
    expect(nestsDeeperThan(nested(32), 32)).toBe(false);
    expect(nestsDeeperThan(nested(33), 32)).toBe(true);
    expect(nestsDeeperThan(nested(100_000), 32)).toBe(true);
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({ a: [1, 2], b: { c: null } }, 2)).toBe(false);
  });
});
