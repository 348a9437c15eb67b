import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  IsCommunityCode,
  IsDistrictOrStreetCode,
  IsJurisdictionCode,
  JurisdictionCodeParam,
} from './jurisdiction-code';
import { propertiesOf } from './openapi/validation-schema';

class Filter {
  @IsJurisdictionCode() jurisdictionCode!: string;
}

class Report {
  @IsCommunityCode() communityCode!: string;
  @IsCommunityCode({ hint: 'or give jurisdictionCode' }) address_id!: string;
  @IsDistrictOrStreetCode() office!: string;
}

const messages = (cls: new () => object, plain: object) =>
  validateSync(plainToInstance(cls, plain)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('IsJurisdictionCode and JurisdictionCodeParam', () => {
  it('accepts 6, 9 and 12 digits', () => {
    for (const code of ['620102', '620102001', '620102001001'])
      expect(messages(JurisdictionCodeParam, { code })).toEqual([]);
  });

  it('refuses anything else with a message naming the field', () => {
    for (const code of ['62010', '6201020011', 'abcdef', '620102\n', '６２０１０２'])
      expect(messages(JurisdictionCodeParam, { code })).toEqual([
        'code must be a jurisdiction code: 6 digits (province/city/district), 9 (street/town) or 12 (committee)',
      ]);
    expect(messages(Filter, { jurisdictionCode: '1' })).toEqual([
      expect.stringMatching(/^jurisdictionCode must be a jurisdiction code/),
    ]);
  });
});

describe('IsCommunityCode and IsDistrictOrStreetCode', () => {
  const good = { communityCode: '620102001001', address_id: '620102001002', office: '620102001' };

  it('accepts a community code, and a district or street code', () => {
    expect(messages(Report, good)).toEqual([]);
    expect(messages(Report, { ...good, office: '620102' })).toEqual([]);
  });

  it('refuses the other levels, naming the field (and the hint)', () => {
    expect(
      messages(Report, { communityCode: '620102001', address_id: '62010200100a', office: '620102001001' }),
    ).toEqual([
      'communityCode must be a 12-digit community committee code',
      'address_id must be a 12-digit community committee code (or give jurisdictionCode)',
      'office must be a district or street code (6 or 9 digits)',
    ]);
  });

  it('gives the OpenAPI document each pattern', () => {
    const schema = (cls: new () => object, p: string) => propertiesOf(cls).get(p)?.schema;
    expect(schema(JurisdictionCodeParam, 'code')).toEqual({ type: 'string', pattern: '^(\\d{6}|\\d{9}|\\d{12})$' });
    expect(schema(Report, 'communityCode')).toEqual({ type: 'string', pattern: '^\\d{12}$' });
    expect(schema(Report, 'office')).toEqual({ type: 'string', pattern: '^(\\d{6}|\\d{9})$' });
  });
});
