import { EntryChains } from './entry-chains';

describe('EntryChains', () => {
  it('gives each member its entries in the order appended, across chunks and with any text', () => {
    const chains = new EntryChains(128); // tiny chunks: entries spread over several
    const [a, b, c] = [chains.add(), chains.add(), chains.add()];
    const texts = ['[1,"2025-01-01","A"]', '[2,"社区","P"]', '', 'x'.repeat(17), '[3,{"q":"\\"quoted\\""}]'];
    texts.forEach((t, i) => chains.append(i % 2 ? b : a, t));
    expect(chains.entries(a)).toEqual([texts[0], texts[2], texts[4]]);
    expect(chains.entries(b)).toEqual([texts[1], texts[3]]);
    expect(chains.entries(c)).toEqual([]);
    expect(chains.size).toBe(3);
  });

  it('grows past its first thousand members', () => {
    const chains = new EntryChains();
    const members = Array.from({ length: 3000 }, () => chains.add());
    members.forEach((m) => chains.append(m, `m${m}`));
    members.forEach((m) => chains.append(m, `again ${m}`));
    expect(chains.entries(2999)).toEqual(['m2999', 'again 2999']);
    expect(chains.entries(0)).toEqual(['m0', 'again 0']);
  });

  it('refuses an entry larger than a chunk', () => {
    const chains = new EntryChains(32);
    expect(() => chains.append(chains.add(), 'y'.repeat(40))).toThrow(/larger than a chunk/);
  });
});
