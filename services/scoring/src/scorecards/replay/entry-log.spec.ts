import { EntryLog, SortedEntries } from './entry-log';

describe('EntryLog', () => {
  it("gives each code's entries in the order appended, codes in order (12 digits by value, then others), across chunks", () => {
    const log = new EntryLog(128); // tiny chunks: entries spread over several
    const appended: [string, unknown[]][] = [
      ['620102001002', [1, '2025-01-01', 'A']],
      ['c-2', ['other']],
      ['620102001001', [2, '社区', 'P']],
      ['000000000001', [0]],
      ['620102001002', ['x'.repeat(17)]],
      ['c-1', [1]],
      ['999999999999', [3, { q: '"quoted"' }]],
      ['620102001001', [3]],
      ['c-2', [2]],
    ];
    appended.forEach(([code, entry]) => log.append(code, entry));
    expect(log.size).toBe(9);
    const sorted = log.sorted();
    expect(sorted.codes).toEqual(['000000000001', '620102001001', '620102001002', '999999999999', 'c-1', 'c-2']);
    const byCode = (code: string) => sorted.json(sorted.codes.indexOf(code));
    expect(byCode('620102001001')).toBe('[[2,"社区","P"],[3]]');
    expect(JSON.parse(byCode('620102001002'))).toEqual([[1, '2025-01-01', 'A'], ['x'.repeat(17)]]);
    expect(JSON.parse(byCode('999999999999'))).toEqual([[3, { q: '"quoted"' }]]);
    expect(byCode('c-2')).toBe('[["other"],[2]]');
    expect(() => log.append('620102001001', [4])).toThrow(/after sorted/);
    // Another thread reads the same memory.
    expect(new SortedEntries(structuredClone(sorted.shared())).json(1)).toBe(byCode('620102001001'));
  });

  it('keeps log order among many codes and entries (every pass of the sort moves entries)', () => {
    const log = new EntryLog();
    const codes = Array.from({ length: 5000 }, (_, i) =>
      String(((i * 7919) % 5000) * 1_000_003 + 100_000_000_000).padStart(12, '0'),
    );
    const expected = new Map<string, number[]>();
    for (let k = 0; k < 60_000; k++) {
      const code = codes[(k * 31) % codes.length];
      log.append(code, [k]);
      expected.set(code, [...(expected.get(code) ?? []), k]);
    }
    const sorted = log.sorted();
    expect(sorted.codes).toEqual([...expected.keys()].sort());
    sorted.codes.forEach((code, i) => expect(JSON.parse(sorted.json(i)).flat()).toEqual(expected.get(code)));
  });

  it('refuses an entry larger than a chunk', () => {
    expect(() => new EntryLog(32).append('620102001001', ['y'.repeat(40)])).toThrow(/larger than a chunk/);
  });
});
