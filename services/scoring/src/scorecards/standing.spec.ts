import { placeOf } from './standing';

describe('placeOf', () => {
  it('names a community’s province, city, district and street', () => {
    expect(placeOf('620102001001')).toEqual({
      province: '620000',
      city: '620100',
      district: '620102',
      street: '620102001',
    });
  });

  it('leaves the district empty in a city without districts, whose streets sit below the city (东莞)', () => {
    expect(placeOf('441900003001')).toEqual({ province: '440000', city: '441900', district: '', street: '441900003' });
  });
});
