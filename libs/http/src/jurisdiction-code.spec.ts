import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsJurisdictionCode, JurisdictionCodeParam } from './jurisdiction-code';

class Filter {
  @IsJurisdictionCode() jurisdictionCode!: string;
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
