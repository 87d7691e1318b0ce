import { describe, expect, it } from 'vitest';
import type { BurdenRatioCertificate, BurdenRatioPeriod } from '../insured.ts';
import { burdenRatioOn, nextBurdenRatioChange } from './burden-ratio-periods.ts';

function period(ratio: 1 | 2 | 3, from: string, to: string): BurdenRatioPeriod {
  return { ratio, period: { from, to } };
}

function card(...periods: BurdenRatioPeriod[]): BurdenRatioCertificate {
  return { issuedOn: '2025-07-10', periods };
}

/** 2割 for 2025-08-01…2026-07-31, then 3割 for 2026-08-01…2027-07-31. */
const twoThenThree = card(period(2, '2025-08-01', '2026-07-31'), period(3, '2026-08-01', '2027-07-31'));

describe('burdenRatioOn', () => {
  it('finds the period in force, switching on 8/1', () => {
    expect(burdenRatioOn(twoThenThree, '2026-07-31')?.ratio).toBe(2);
    expect(burdenRatioOn(twoThenThree, '2026-08-01')?.ratio).toBe(3);
    expect(burdenRatioOn(twoThenThree, '2025-08-01')?.ratio).toBe(2);
  });

  it('is null before the first and after the last period', () => {
    expect(burdenRatioOn(twoThenThree, '2025-07-31')).toBeNull();
    expect(burdenRatioOn(twoThenThree, '2027-08-01')).toBeNull();
  });

  it('prefers the period that started last when two overlap', () => {
    const corrected = card(period(1, '2025-08-01', '2026-07-31'), period(2, '2026-01-01', '2026-07-31'));
    expect(burdenRatioOn(corrected, '2025-12-31')?.ratio).toBe(1);
    expect(burdenRatioOn(corrected, '2026-01-01')?.ratio).toBe(2);
  });
});

describe('nextBurdenRatioChange', () => {
  it('announces 3割 from 2026-08-01 while 2割 is in force, and nothing once it is', () => {
    expect(nextBurdenRatioChange(twoThenThree, '2026-07-15')).toEqual(period(3, '2026-08-01', '2027-07-31'));
    expect(nextBurdenRatioChange(twoThenThree, '2026-07-31')?.period.from).toBe('2026-08-01');
    expect(nextBurdenRatioChange(twoThenThree, '2026-08-01')).toBeNull();
  });

  it('passes over a following period with the same ratio', () => {
    expect(nextBurdenRatioChange(card(period(1, '2025-08-01', '2026-07-31'), period(1, '2026-08-01', '2027-07-31')), '2026-01-01')).toBeNull();
    const later = card(period(2, '2025-08-01', '2026-07-31'), period(2, '2026-08-01', '2027-07-31'), period(3, '2027-08-01', '2028-07-31'));
    expect(nextBurdenRatioChange(later, '2026-01-01')?.period.from).toBe('2027-08-01');
  });

  it('finds a change in the middle of the burden year (1割 → 2割 on 2026-01-01)', () => {
    const midYear = card(period(1, '2025-08-01', '2025-12-31'), period(2, '2026-01-01', '2026-07-31'), period(2, '2026-08-01', '2027-07-31'));
    expect(nextBurdenRatioChange(midYear, '2025-10-01')).toEqual(period(2, '2026-01-01', '2026-07-31'));
    expect(nextBurdenRatioChange(midYear, '2026-03-01')).toBeNull();
  });

  it('gives the first upcoming period when none is in force, whatever the order on the card', () => {
    const unordered = card(period(3, '2026-08-01', '2027-07-31'), period(2, '2025-08-01', '2026-07-31'));
    expect(nextBurdenRatioChange(unordered, '2025-07-01')?.period.from).toBe('2025-08-01');
    expect(nextBurdenRatioChange(unordered, '2025-09-01')?.ratio).toBe(3);
  });
});
