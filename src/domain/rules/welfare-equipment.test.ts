import { describe, expect, it } from 'vitest';
import type { WelfareEquipmentPurchaseUsage } from '../insured.ts';
import { fiscalYearOf } from './index.ts';
import { welfareEquipmentBalance } from './welfare-equipment.ts';

const usages: WelfareEquipmentPurchaseUsage[] = [
  { fiscalYear: 2025, usedYen: 60_000 },
  { fiscalYear: 2026, usedYen: 30_000 },
  { fiscalYear: 2026, usedYen: 15_000 },
];

describe('welfareEquipmentBalance', () => {
  it('counts the fiscal year of the date: 2026-03-31 is still FY2025 (¥60,000 used)', () => {
    expect(welfareEquipmentBalance(usages, '2026-03-31')).toEqual({
      fiscalYear: 2025,
      period: { from: '2025-04-01', to: '2026-03-31' },
      limitYen: 100_000,
      usedYen: 60_000,
      remainingYen: 40_000,
    });
  });

  it('starts again on 4/1 and adds the entries of the year: 30,000 + 15,000 = 45,000', () => {
    expect(welfareEquipmentBalance(usages, '2026-04-01')).toMatchObject({ fiscalYear: 2026, usedYen: 45_000, remainingYen: 55_000 });
    expect(welfareEquipmentBalance(usages, '2027-03-31').fiscalYear).toBe(2026);
    expect(welfareEquipmentBalance(usages, '2027-04-01')).toMatchObject({ fiscalYear: 2027, usedYen: 0, remainingYen: 100_000 });
  });

  it('never shows a negative remainder', () => {
    expect(welfareEquipmentBalance([{ fiscalYear: 2026, usedYen: 120_000 }], '2026-08-01').remainingYen).toBe(0);
  });

  it('is re-exported with fiscalYearOf from the rules index', () => {
    expect(fiscalYearOf('2027-01-15')).toBe(2026);
  });
});
