import { applicableStandards, authorityChain, standardInForce } from '../in-force';
import type { Standard } from '../types';
import { standardOf } from './given';

const std = (
  id: string,
  issuingAuthority: string,
  version: number,
  effectiveFrom: string,
  effectiveTo?: string,
): Standard =>
  standardOf([], { id, issuingAuthority, version, effectiveFrom, ...(effectiveTo ? { effectiveTo } : {}) });

const national = std('national', '000000', 1, '2015-01-01');
const gansuV1 = std('gansu', '620000', 1, '2016-07-01', '2030-12-31');
const gansuV2 = std('gansu', '620000', 2, '2020-01-01');
const lanzhouCity = std('lanzhou', '620100', 1, '2021-01-01');
const chengguan = std('chengguan', '620102', 1, '2018-01-01', '2019-12-31');
const all = [national, gansuV1, gansuV2, lanzhouCity, chengguan];
// A community of 城关区, 兰州市, 甘肃省.
const chain = authorityChain('620102003001');

describe('standard in force', () => {
  it('derives the authority chain of a community, nearest first', () => {
    expect(chain).toEqual(['620102', '620100', '620000', '000000']);
    expect(authorityChain('441900003001')).toEqual(['441900', '440000', '000000']); // 东莞: a city without districts
    expect(authorityChain('620000')).toEqual(['620000', '000000']);
  });

  it('picks the nearest authority whose standard covers the day', () => {
    expect(standardInForce(all, chain, '2018-06-01')).toBe(chengguan);
    expect(standardInForce(all, chain, '2017-01-01')).toBe(gansuV1);
    expect(standardInForce(all, chain, '2015-06-01')).toBe(national);
    expect(standardInForce(all, chain, '2014-12-31')).toBeUndefined();
  });

  it('lets a new version supersede the previous one from its effectiveFrom, whatever effectiveTo the old one declared', () => {
    expect(standardInForce(all, chain, '2019-12-31')).toBe(chengguan);
    expect(standardInForce(all, ['620000'], '2019-12-31')).toBe(gansuV1);
    expect(standardInForce(all, ['620000'], '2020-01-01')).toBe(gansuV2);
    expect(standardInForce(all, chain, '2020-06-01')).toBe(gansuV2); // 城关区's expired, 兰州's not yet started
  });

  it('lists every standard a community is scored under, nearest first', () => {
    expect(applicableStandards(all, chain, '2018-06-01')).toEqual([chengguan, gansuV1, national]);
    expect(applicableStandards(all, chain, new Date('2022-03-01T00:00:00+08:00'))).toEqual([
      lanzhouCity,
      gansuV2,
      national,
    ]);
    expect(applicableStandards(all, authorityChain('110101001001'), '2022-03-01')).toEqual([national]);
  });

  it('never picks a version that starts after the day', () => {
    const future = std('gansu', '620000', 3, '2031-01-01');
    expect(standardInForce([gansuV1, gansuV2, future], ['620000'], '2030-06-01')).toBe(gansuV2);
  });
});
