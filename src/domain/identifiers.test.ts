import { describe, expect, it } from 'vitest';
import { DatePeriod, InsuredNumber, IsoDate } from './identifiers.ts';

describe('IsoDate', () => {
  it.each([
    ['2026-08-01', true],
    ['2024-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400
    ['1900-02-29', false], // divisible by 100, not 400
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-12-31', true],
    ['2026/08/01', false],
  ])('%s valid: %s', (value, valid) => {
    expect(IsoDate.safeParse(value).success).toBe(valid);
  });

  it('explains an impossible date in Japanese', () => {
    const result = IsoDate.safeParse('2026-02-30');
    expect(result.success ? '' : result.error.issues[0]!.message).toBe('存在しない日付です');
  });
});

describe('DatePeriod and numbers', () => {
  it('refuses an end before the start', () => {
    expect(DatePeriod.safeParse({ from: '2026-08-01', to: '2026-07-31' }).success).toBe(false);
    expect(DatePeriod.safeParse({ from: '2026-08-01', to: '2026-08-01' }).success).toBe(true);
  });
  it('keeps leading zeros of insured numbers', () => {
    expect(InsuredNumber.parse('0000012345')).toBe('0000012345');
    expect(InsuredNumber.safeParse('12345').success).toBe(false);
  });
});
