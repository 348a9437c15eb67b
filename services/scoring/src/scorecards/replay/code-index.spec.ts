import { CodeIndex } from './code-index';

describe('CodeIndex', () => {
  it('finds what was set, for 12-digit codes (through growth) and for any other string', () => {
    const index = new CodeIndex();
    const codes = Array.from({ length: 200_000 }, (_, i) => String(110101001001 + i * 7919).padStart(12, '0'));
    codes.forEach((c, i) => index.set(c, i));
    expect(codes.every((c, i) => index.get(c) === i)).toBe(true);
    expect(index.get('110101001000')).toBeUndefined();
    index.set(codes[5], 42); // set again: replaced
    expect(index.get(codes[5])).toBe(42);
    index.set('000000000000', 7); // the smallest code is a key like the others
    expect(index.get('000000000000')).toBe(7);
    for (const odd of ['620102', 'abc', '62010200100x', '']) {
      expect(index.get(odd)).toBeUndefined();
      index.set(odd, odd.length);
      expect(index.get(odd)).toBe(odd.length);
    }
  });
});
