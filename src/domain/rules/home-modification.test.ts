import { describe, expect, it } from 'vitest';
import { homeModificationBalance, homeModificationResetsOnLevelRise } from './home-modification.ts';

describe('homeModificationBalance', () => {
  it('subtracts the yen used from ¥200,000', () => {
    expect(homeModificationBalance({ usedYen: 150_000, countedSince: '2024-06-01' }, '2026-08-01')).toEqual({
      limitYen: 200_000,
      usedYen: 150_000,
      remainingYen: 50_000,
      countedSince: '2024-06-01',
    });
    expect(homeModificationBalance({ usedYen: 0, countedSince: '2024-06-01' }, '2026-08-01').remainingYen).toBe(200_000);
  });

  it('never shows a negative remainder', () => {
    expect(homeModificationBalance({ usedYen: 230_000, countedSince: '2024-06-01' }, '2026-08-01').remainingYen).toBe(0);
  });
});

describe('homeModificationResetsOnLevelRise', () => {
  it('resets on three steps of need: 要介護1 (step 2) → 要介護4 (step 5)', () => {
    expect(homeModificationResetsOnLevelRise('care1', 'care4')).toBe(true);
    expect(homeModificationResetsOnLevelRise('support1', 'care3')).toBe(true);
    expect(homeModificationResetsOnLevelRise('care2', 'care5')).toBe(true);
  });

  it('counts 要支援2 and 要介護1 as one step, so 要支援2 → 要介護3 is only two', () => {
    expect(homeModificationResetsOnLevelRise('support2', 'care3')).toBe(false);
    expect(homeModificationResetsOnLevelRise('support1', 'care2')).toBe(false);
    expect(homeModificationResetsOnLevelRise('support2', 'care4')).toBe(true);
  });

  it('does not reset on a fall, no change, or a level without a step', () => {
    expect(homeModificationResetsOnLevelRise('care5', 'care1')).toBe(false);
    expect(homeModificationResetsOnLevelRise('care3', 'care3')).toBe(false);
    expect(homeModificationResetsOnLevelRise('programTarget', 'care5')).toBe(false);
    expect(homeModificationResetsOnLevelRise('care1', 'notApplicable')).toBe(false);
  });
});
