import { codeAncestors, codePrefix, codeRange, isWithin, levelOf } from './jurisdiction-codes';

describe('jurisdiction codes', () => {
  it('reads the level from the code', () => {
    expect(['000000', '320000', '321200', '321282', '321282001', '321282001001'].map(levelOf)).toEqual([
      'country',
      'province',
      'city',
      'district',
      'street',
      'community',
    ]);
    expect(() => levelOf('12345')).toThrow(/not a jurisdiction code/);
  });

  it('derives ancestors from the country down to the parent', () => {
    expect(codeAncestors('321282001001')).toEqual(['000000', '320000', '321200', '321282', '321282001']);
    expect(codeAncestors('321282')).toEqual(['000000', '320000', '321200']);
    expect(codeAncestors('320000')).toEqual(['000000']);
    expect(codeAncestors('000000')).toEqual([]);
  });

  it('does not repeat a city that has no districts (东莞)', () => {
    expect(codeAncestors('441900003001')).toEqual(['000000', '440000', '441900', '441900003']);
  });

  it('scopes: a code is within itself, its ancestors and the country', () => {
    expect(isWithin('321282001001', '321282')).toBe(true);
    expect(isWithin('321282001001', '000000')).toBe(true);
    expect(isWithin('321282', '321282')).toBe(true);
    expect(isWithin('321281001001', '321282')).toBe(false);
    expect(isWithin('321282', '321282001')).toBe(false);
  });

  it('gives the prefix of everything under a node, and its codes as a range', () => {
    expect(['000000', '620000', '620100', '441900', '620102', '620102001', '620102001001'].map(codePrefix)).toEqual([
      '',
      '62',
      '6201',
      '4419',
      '620102',
      '620102001',
      '620102001001',
    ]);
    const { $gte, $lt } = codeRange('6201');
    const inside = (c: string) => c >= $gte && c < $lt;
    expect(['6201', '620102', '620199999999', 'x|6201'].map(inside)).toEqual([true, true, true, false]);
    expect(['6200', '620099999999', '6202', '62'].map(inside)).toEqual([false, false, false, false]);
  });
});
