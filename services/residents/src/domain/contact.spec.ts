import { maskEmail, maskName, maskPhone, normalisePhone, scrubPhones } from './contact';

describe('residents’ contact details: normalised, masked, scrubbed from free text', () => {
  it('normalises mainland mobile numbers and refuses others, naming the field', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('8613812345678')).toBe('13812345678');
    expect(() => normalisePhone('12812345678')).toThrow(
      expect.objectContaining({ kind: 'invalid', details: { field: 'phone' } }),
    );
  });

  it('masks for display', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('*');
    expect(maskEmail('zhang.san@example.cn')).toBe('z***@example.cn');
  });

  it('masks mobile numbers typed into a description, in any common spelling', () => {
    expect(scrubPhones('请联系13812345678，或 +86 139-8765-4321')).toBe('请联系138****5678，或 139****4321');
    expect(scrubPhones('门牌号 620102001001，面积 12345 平方米')).toBe('门牌号 620102001001，面积 12345 平方米');
  });
});
