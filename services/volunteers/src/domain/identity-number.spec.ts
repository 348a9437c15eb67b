import { checkCharacter, idNumberProblem, isValidIdNumber, maskIdNumber } from './identity-number';

/** Builds a valid number from 17 digits by computing its check character. */
export const withCheck = (first17: string) => first17 + checkCharacter(first17);

describe('identity numbers (GB 11643-1999)', () => {
  it('accepts the standard’s own example and numbers whose check character is computed (incl. X)', () => {
    // GB 11643-1999 appendix example: 11010519491231002X.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    const id = withCheck('32128219900101123');
    expect(isValidIdNumber(id)).toBe(true);
  });

  it('names what is wrong: format, region, birth date, check digit', () => {
    expect(idNumberProblem('1101051949123100')).toBe('format');
    expect(idNumberProblem('11010519491231002Y')).toBe('format');
    expect(idNumberProblem(withCheck('99010519491231002'))).toBe('region');
    expect(idNumberProblem(withCheck('11010519490230002'))).toBe('birth_date');
    expect(idNumberProblem(withCheck('11010518001231002'))).toBe('birth_date');
    expect(idNumberProblem(withCheck('11010520300101002'), '2025-06-01')).toBe('birth_date');
    expect(idNumberProblem('110105194912310021')).toBe('check_digit');
  });

  it('masks all but the first and last four characters', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18);
  });
});
