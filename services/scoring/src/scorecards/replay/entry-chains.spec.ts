import { EntryChains } from './entry-chains';

describe('EntryChains', () => {
  it("gives each member's entries in the order appended as one JSON array, across chunks", () => {
    const chains = new EntryChains(128); // tiny chunks: entries spread over several
    const [a, b, c] = [chains.add(), chains.add(), chains.add()];
    const texts = ['[1,"2025-01-01","A"]', '[2,"社区","P"]', '3', `"${'x'.repeat(17)}"`, '[3,{"q":"\\"quoted\\""}]'];
    texts.forEach((t, i) => chains.append(i % 2 ? b : a, t));
    expect(chains.json(a)).toBe(`[${texts[0]},${texts[2]},${texts[4]}]`);
    expect(JSON.parse(chains.json(b))).toEqual([[2, '社区', 'P'], 'x'.repeat(17)]);
    expect(chains.json(c)).toBe('[]');
    expect(chains.size).toBe(3);
  });

  it('grows past its first thousand members and its first scratch buffer', () => {
    const chains = new EntryChains();
    const members = Array.from({ length: 3000 }, () => chains.add());
    members.forEach((m) => chains.append(m, String(m)));
    members.forEach((m) => chains.append(m, `"again ${m}"`));
    expect(JSON.parse(chains.json(2999))).toEqual([2999, 'again 2999']);
    const long = Array.from({ length: 20_000 }, (_, i) => i);
    long.forEach((i) => chains.append(0, String(i)));
    expect(JSON.parse(chains.json(0))).toEqual([0, 'again 0', ...long]);
  });

  it('refuses an entry larger than a chunk', () => {
    const chains = new EntryChains(32);
    expect(() => chains.append(chains.add(), 'y'.repeat(40))).toThrow(/larger than a chunk/);
  });
});
