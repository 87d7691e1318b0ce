import { describe, expect, it } from 'vitest';
import { checkDigitOf, hasValidCheckDigit, withCheckDigit } from './check-digit.ts';

describe('checkDigitOf (modulus 10, weights 2-1 from the right)', () => {
  it('matches published 保険者番号', () => {
    // 札幌市 (介護保険): 0 1 1 0 0 → 0·2 + 0·1 + 1·2 + 1·1 + 0·2 = 3 → 10 − 3 = 7
    expect(withCheckDigit('01100')).toBe('011007');
    // 函館市: 2·2 + 0 + 2·2 + 1 + 0 = 9 → 1
    expect(withCheckDigit('01202')).toBe('012021');
    // 千葉県警 (health insurance, 8 digits): 6+3+2+2+0+0+2 = 15 → 5
    expect(withCheckDigit('3312001')).toBe('33120015');
  });

  it('sums the digits of two-digit products', () => {
    // 9·2 = 18 counts as 1 + 8 = 9; total 9 → check digit 1
    expect(checkDigitOf('9')).toBe(1);
    // 5·2 = 10 counts as 1; 5·1 = 5; total 6 → 4
    expect(checkDigitOf('55')).toBe(4);
  });

  it('gives 0 when the sum ends in 0', () => {
    // 5·2 → 1, 9·1 → 9: total 10 → 0
    expect(checkDigitOf('95')).toBe(0);
  });

  it('validates and rejects', () => {
    expect(hasValidCheckDigit('011007')).toBe(true);
    expect(hasValidCheckDigit('011008')).toBe(false);
    expect(() => checkDigitOf('12a')).toThrow(RangeError);
  });
});
