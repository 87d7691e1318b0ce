import { describe, expect, it } from 'vitest';
import { makeInsuredRecord } from '../../data/insured-record.testing.ts';
import { estimateCopay } from './copay-estimate.ts';

describe('estimateCopay', () => {
  // 要介護2 with a 19,705-unit limit; 1割 until 2025-07-31, 2割 from 2025-08-01; 訪問介護 in a 1級地 (11.40円/単位).
  const record = makeInsuredRecord();

  it('prices a month within the limit at today’s ratio and at the coming one', () => {
    const estimate = estimateCopay(record, '2025-07-15', 1, '11', 10_000);
    expect(estimate).toEqual({
      benefitLimitUnits: 19_705,
      units: 10_000,
      unitsOverLimit: 0,
      // 10,000 × 11.40 = 114,000円: the insurance pays 9割 (102,600円), the person 1割 (11,400円).
      now: { month: '2025-07', burdenRatio: 1, totalCostYen: 114_000, insuranceYen: 102_600, copayYen: 11_400, overLimitYen: 0 },
      afterChange: { month: '2025-08', burdenRatio: 2, totalCostYen: 114_000, insuranceYen: 91_200, copayYen: 22_800, overLimitYen: 0, from: '2025-08-01' },
    });
  });

  it('charges the units over the limit in full', () => {
    const estimate = estimateCopay(record, '2025-09-01', 1, '11', 20_000);
    // 2割 in September. Within: 19,705 × 11.40 = 224,637円 → insurance 8割 179,709円, copay 44,928円;
    // over: 295 × 11.40 = 3,363円 paid in full → 48,291円.
    expect(estimate?.unitsOverLimit).toBe(295);
    expect(estimate?.now).toEqual({ month: '2025-09', burdenRatio: 2, totalCostYen: 228_000, insuranceYen: 179_709, copayYen: 48_291, overLimitYen: 3_363 });
    expect(estimate?.afterChange).toBeNull();
  });

  it('gives nothing for 非該当 or without a burden ratio in force', () => {
    expect(estimateCopay(makeInsuredRecord({ careLevel: 'notApplicable' }), '2025-07-15', 1, '11', 1000)).toBeNull();
    expect(estimateCopay(record, '2030-01-01', 1, '11', 1000)).toBeNull();
  });
});
