import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARE_LEVELS } from '../care-level.ts';
import { monthlyCopay, MonthlyCopayInput, splitCost, yenForUnits } from './monthly-copay.ts';
import { SERVICE_KIND_TABLE } from './service-kinds.ts';

describe('yenForUnits and splitCost', () => {
  it('rounds the 費用総額 down to the yen in integer sen', () => {
    expect(yenForUnits(19_705, 1140)).toBe(224_637); // 19,705 × 11.40 = 224,637.00
    expect(yenForUnits(1_086, 1112)).toBe(12_076); // 1,086 × 11.12 = 12,076.32
    expect(yenForUnits(0, 1140)).toBe(0);
  });

  it('is not fooled by binary fractions: 75 × 11.12 is 834, where 75 * 11.12 in floats is 833.99…', () => {
    expect(Math.floor(75 * 11.12)).toBe(833);
    expect(yenForUnits(75, 1112)).toBe(834);
  });

  it('splits into 保険給付 = floor(total × 給付率) and 利用者負担 = the rest', () => {
    // 224,637 × 0.8 = 179,709.6 → 179,709; 224,637 − 179,709 = 44,928.
    expect(splitCost(224_637, 2)).toEqual({ insuranceYen: 179_709, copayYen: 44_928 });
    // 13,364 × 0.7 = 9,354.8 → 9,354; copay 4,010.
    expect(splitCost(13_364, 3)).toEqual({ insuranceYen: 9_354, copayYen: 4_010 });
    // 19 × 0.9 = 17.1 → 17; copay 2 (the person, not the insurer, carries the rounding).
    expect(splitCost(19, 1)).toEqual({ insuranceYen: 17, copayYen: 2 });
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => yenForUnits(-1, 1140)).toThrow(expect.objectContaining({ code: 'invalidInput' }));
    expect(() => yenForUnits(1.5, 1140)).toThrow(expect.objectContaining({ code: 'invalidInput' }));
    expect(() => splitCost(-1, 1)).toThrow(expect.objectContaining({ code: 'invalidInput' }));
  });
});

describe('monthlyCopay', () => {
  it('要介護2, 1級地 訪問介護, 20,000 units, 2割: 295 units over the limit paid in full', () => {
    // limit 19,705 → 20,000 − 19,705 = 295 units over.
    // 費用総額 19,705 × 11.40 = 224,637; 保険 floor(224,637 × 0.8) = 179,709; 負担 44,928.
    // over-limit 295 × 11.40 = 3,363 paid in full; the person pays 44,928 + 3,363 = 48,291.
    const result = monthlyCopay({ month: '2026-08', careLevel: 'care2', areaGrade: 1, burdenRatio: 2, lines: [{ serviceKind: '11', units: 20_000 }] });
    expect(result.benefitLimitUnits).toBe(19_705);
    expect(result.unitsCountedTowardLimit).toBe(20_000);
    expect(result.remainingUnits).toBe(0);
    expect(result.lines).toEqual([
      {
        serviceKind: '11',
        serviceKindLabelJa: '訪問介護',
        units: 20_000,
        unitPriceSen: 1140,
        countsTowardLimit: true,
        unitsWithinLimit: 19_705,
        unitsOverLimit: 295,
        totalCostYen: 224_637,
        insuranceYen: 179_709,
        copayYen: 44_928,
        overLimitYen: 3_363,
        totalCopayYen: 48_291,
      },
    ]);
    expect(result.totals).toEqual({
      units: 20_000,
      unitsWithinLimit: 19_705,
      unitsOverLimit: 295,
      totalCostYen: 224_637,
      insuranceYen: 179_709,
      copayYen: 44_928,
      overLimitYen: 3_363,
      totalCopayYen: 48_291,
    });
    expect(result.highCost).toBeNull();
  });

  it('prices a mixed plan: 要介護1, 2級地, 1割, the excess falling on the last counted line', () => {
    // limit 16,765. Counted: 訪問介護 8,000 + 通所介護 7,000 + 福祉用具貸与 2,500 = 17,500 → 735 over.
    // Filled in order: 8,000, then 7,000 (room left 1,765), then 福祉用具 1,765 within and 735 over.
    // 11 訪問介護 ¥11.12: 8,000 × 11.12 = 88,960; 保険 floor(80,064.0) = 80,064; 負担 8,896.
    // 15 通所介護 ¥10.72: 7,000 × 10.72 = 75,040; 保険 67,536; 負担 7,504.
    // 17 福祉用具貸与 ¥10: 1,765 × 10 = 17,650; 保険 15,885; 負担 1,765; over 735 × 10 = 7,350.
    // 43 居宅介護支援 ¥11.12, outside the limit, 10割: 1,086 × 11.12 = 12,076.32 → 12,076; 負担 0.
    // 31 居宅療養管理指導 ¥10, outside the limit: 515 × 10 = 5,150; 保険 4,635; 負担 515.
    const result = monthlyCopay({
      month: '2026-08',
      careLevel: 'care1',
      areaGrade: 2,
      burdenRatio: 1,
      lines: [
        { serviceKind: '11', units: 8_000 },
        { serviceKind: '15', units: 7_000 },
        { serviceKind: '17', units: 2_500 },
        { serviceKind: '43', units: 1_086 },
        { serviceKind: '31', units: 515 },
      ],
    });
    expect(result.unitsCountedTowardLimit).toBe(17_500);
    expect(result.lines.map((l) => [l.serviceKind, l.unitPriceSen, l.unitsWithinLimit, l.unitsOverLimit, l.totalCostYen, l.insuranceYen, l.copayYen, l.overLimitYen])).toEqual([
      ['11', 1112, 8_000, 0, 88_960, 80_064, 8_896, 0],
      ['15', 1072, 7_000, 0, 75_040, 67_536, 7_504, 0],
      ['17', 1000, 1_765, 735, 17_650, 15_885, 1_765, 7_350],
      ['43', 1112, 1_086, 0, 12_076, 12_076, 0, 0],
      ['31', 1000, 515, 0, 5_150, 4_635, 515, 0],
    ]);
    // Totals: 198,876 = 88,960 + 75,040 + 17,650 + 12,076 + 5,150; copay 18,680 + over 7,350 = 26,030.
    expect(result.totals).toEqual({
      units: 19_101,
      unitsWithinLimit: 18_366,
      unitsOverLimit: 735,
      totalCostYen: 198_876,
      insuranceYen: 180_196,
      copayYen: 18_680,
      overLimitYen: 7_350,
      totalCopayYen: 26_030,
    });
  });

  it('moves the excess when the order of lines changes', () => {
    // Same 17,500 counted units with 訪問介護 last: it now takes the 735 over: 735 × 11.12 = 8,173.2 → 8,173.
    const result = monthlyCopay({
      month: '2026-08',
      careLevel: 'care1',
      areaGrade: 2,
      burdenRatio: 1,
      lines: [
        { serviceKind: '17', units: 2_500 },
        { serviceKind: '15', units: 7_000 },
        { serviceKind: '11', units: 8_000 },
      ],
    });
    expect(result.lines.map((l) => l.unitsOverLimit)).toEqual([0, 0, 735]);
    expect(result.lines[2]!.overLimitYen).toBe(8_173);
  });

  it('spreads a large excess over several lines from the end', () => {
    // 要支援1 limit 5,032; lines 3,000 + 2,000 + 1,500 = 6,500 → 1,468 over. The first two fit (5,000);
    // the last gets the room left, 5,032 − 5,000 = 32 units within, and 1,500 − 32 = 1,468 over.
    const result = monthlyCopay({
      month: '2026-08',
      careLevel: 'support1',
      areaGrade: 8,
      burdenRatio: 1,
      lines: [
        { serviceKind: 'A6', units: 3_000 },
        { serviceKind: 'A2', units: 2_000 },
        { serviceKind: '67', units: 1_500 },
      ],
    });
    expect(result.lines.map((l) => [l.unitsWithinLimit, l.unitsOverLimit])).toEqual([
      [3_000, 0],
      [2_000, 0],
      [32, 1_468],
    ]);
    // With a limit of 4,000 instead (an insurer's own figure on the card): 6,500 − 4,000 = 2,500 over,
    // 1,500 on the last line and the remaining 1,000 on the one before it.
    const tighter = monthlyCopay({ month: '2026-08', careLevel: 'support1', areaGrade: 8, burdenRatio: 1, benefitLimitUnits: 4_000, lines: [{ serviceKind: 'A6', units: 3_000 }, { serviceKind: 'A2', units: 2_000 }, { serviceKind: '67', units: 1_500 }] });
    expect(tighter.benefitLimitUnits).toBe(4_000);
    expect(tighter.lines.map((l) => [l.unitsWithinLimit, l.unitsOverLimit])).toEqual([
      [3_000, 0],
      [1_000, 1_000],
      [0, 1_500],
    ]);
  });

  it('keeps lines marked outsideLimit out of the count, and honours a per-line area grade', () => {
    // 要介護2: 19,705 units of 訪問介護 fill the limit exactly; a 500-unit 加算 line outside the limit stays insured.
    // A 通所介護 line of a provider in その他 (grade 8): 100 × 10.00 = 1,000, but the limit is full → over.
    const result = monthlyCopay({
      month: '2026-08',
      careLevel: 'care2',
      areaGrade: 1,
      burdenRatio: 1,
      lines: [
        { serviceKind: '11', units: 19_705 },
        { serviceKind: '11', units: 500, outsideLimit: true },
        { serviceKind: '15', units: 100, areaGrade: 8 },
      ],
    });
    expect(result.unitsCountedTowardLimit).toBe(19_805);
    expect(result.lines[1]).toMatchObject({ countsTowardLimit: false, unitsWithinLimit: 500, totalCostYen: 5_700, insuranceYen: 5_130, copayYen: 570 });
    expect(result.lines[2]).toMatchObject({ unitPriceSen: 1000, unitsWithinLimit: 0, unitsOverLimit: 100, overLimitYen: 1_000, totalCostYen: 0 });
  });

  it('puts every counted unit over the limit for 非該当', () => {
    const result = monthlyCopay({ month: '2026-08', careLevel: 'notApplicable', areaGrade: 8, burdenRatio: 1, lines: [{ serviceKind: '11', units: 1_000 }] });
    expect(result.totals).toMatchObject({ totalCostYen: 0, insuranceYen: 0, copayYen: 0, overLimitYen: 10_000, totalCopayYen: 10_000 });
  });

  it('notes the 高額介護サービス費 cap and what would be refunded', () => {
    const base = { month: '2026-08', careLevel: 'care2', areaGrade: 1, burdenRatio: 2, lines: [{ serviceKind: '11', units: 20_000 }] } as const;
    // 課税 (380万円未満) household cap 44,400: copay 44,928 → 528 refunded; the 3,363 over the limit does not count.
    expect(monthlyCopay({ ...base, highCostCategory: 'taxed' }).highCost).toEqual({
      category: 'taxed',
      householdCapYen: 44_400,
      individualCapYen: null,
      capYen: 44_400,
      countedCopayYen: 44_928,
      refundYen: 528,
    });
    // Low-income individual cap 15,000: 44,928 − 15,000 = 29,928.
    expect(monthlyCopay({ ...base, highCostCategory: 'untaxedLowIncome' }).highCost).toMatchObject({ householdCapYen: 24_600, capYen: 15_000, refundYen: 29_928 });
    // Under the cap: nothing to refund.
    expect(monthlyCopay({ ...base, highCostCategory: 'taxableIncome380' }).highCost?.refundYen).toBe(0);
  });

  it('uses the rules of the month: the 2019-10 limit change and the 2021-08 cap tiers', () => {
    const sept = monthlyCopay({ month: '2019-09', careLevel: 'care2', areaGrade: 1, burdenRatio: 1, lines: [{ serviceKind: '11', units: 19_705 }] });
    expect(sept.benefitLimitUnits).toBe(19_616);
    expect(sept.totals.unitsOverLimit).toBe(89);
    const oct = monthlyCopay({ month: '2019-10', careLevel: 'care2', areaGrade: 1, burdenRatio: 1, lines: [{ serviceKind: '11', units: 19_705 }] });
    expect(oct.totals.unitsOverLimit).toBe(0);
    const july = monthlyCopay({ month: '2021-07', careLevel: 'care5', areaGrade: 1, burdenRatio: 3, highCostCategory: 'taxableIncome690', lines: [] });
    const august = monthlyCopay({ month: '2021-08', careLevel: 'care5', areaGrade: 1, burdenRatio: 3, highCostCategory: 'taxableIncome690', lines: [] });
    expect(july.highCost?.capYen).toBe(44_400);
    expect(august.highCost?.capYen).toBe(140_100);
  });

  it('fails with typed errors for an unknown kind, a month without rules, or bad units', () => {
    const base = { month: '2026-08', careLevel: 'care1', areaGrade: 1, burdenRatio: 1 } as const;
    expect(() => monthlyCopay({ ...base, lines: [{ serviceKind: 'ZZ', units: 1 }] })).toThrow(expect.objectContaining({ code: 'unknownServiceKind' }));
    expect(() => monthlyCopay({ ...base, month: '2014-03', lines: [] })).toThrow(expect.objectContaining({ code: 'noRuleInForce' }));
    expect(() => monthlyCopay({ ...base, lines: [{ serviceKind: '11', units: 10.5 }] })).toThrow(expect.objectContaining({ code: 'invalidInput' }));
  });

  it('has an input schema for the boundary', () => {
    expect(MonthlyCopayInput.safeParse({ month: '2026-08', careLevel: 'care1', areaGrade: 1, burdenRatio: 1, lines: [{ serviceKind: '11', units: 100 }] }).success).toBe(true);
    expect(MonthlyCopayInput.safeParse({ month: '2026-13', careLevel: 'care1', areaGrade: 1, burdenRatio: 1, lines: [] }).success).toBe(false);
    expect(MonthlyCopayInput.safeParse({ month: '2026-08', careLevel: 'care1', areaGrade: 9, burdenRatio: 1, lines: [] }).success).toBe(false);
    expect(MonthlyCopayInput.safeParse({ month: '2026-08', careLevel: 'care1', areaGrade: 1, burdenRatio: 4, lines: [] }).success).toBe(false);
  });
});

describe('monthlyCopay properties', () => {
  const codes = Object.keys(SERVICE_KIND_TABLE.versions.at(-1)!.value);
  const arbLine = fc.record({
    serviceKind: fc.constantFrom(...codes),
    units: fc.integer({ min: 0, max: 30_000 }),
    areaGrade: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    outsideLimit: fc.option(fc.boolean(), { nil: undefined }),
  });
  const arbInput = fc.record({
    month: fc.constantFrom('2019-10', '2021-07', '2024-04', '2026-08'),
    careLevel: fc.constantFrom(...CARE_LEVELS),
    areaGrade: fc.integer({ min: 1, max: 8 }),
    burdenRatio: fc.constantFrom(1 as const, 2 as const, 3 as const),
    lines: fc.array(arbLine, { maxLength: 8 }),
  });

  it('insurance + copay = 費用総額 and within + over = units, per line and in total', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const result = monthlyCopay(input);
        for (const line of [...result.lines, result.totals]) {
          expect(line.insuranceYen + line.copayYen).toBe(line.totalCostYen);
          expect(line.unitsWithinLimit + line.unitsOverLimit).toBe(line.units);
          expect(line.copayYen + line.overLimitYen).toBe(line.totalCopayYen);
        }
        expect(result.totals.unitsOverLimit).toBe(Math.max(0, result.unitsCountedTowardLimit - result.benefitLimitUnits));
      }),
    );
  });

  it('never charges less when a line has more units', () => {
    fc.assert(
      fc.property(arbInput, fc.nat(), fc.integer({ min: 1, max: 5_000 }), (input, pick, extra) => {
        fc.pre(input.lines.length > 0);
        const index = pick % input.lines.length;
        const more = { ...input, lines: input.lines.map((l, i) => (i === index ? { ...l, units: l.units + extra } : l)) };
        expect(monthlyCopay(more).totals.totalCopayYen).toBeGreaterThanOrEqual(monthlyCopay(input).totals.totalCopayYen);
        expect(monthlyCopay(more).totals.totalCostYen + monthlyCopay(more).totals.overLimitYen).toBeGreaterThanOrEqual(
          monthlyCopay(input).totals.totalCostYen + monthlyCopay(input).totals.overLimitYen,
        );
      }),
    );
  });

  it('charges the copay share of the within-limit cost, within a yen of ratio × 費用総額', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        for (const line of monthlyCopay(input).lines) {
          if (line.copayYen === 0 && line.insuranceYen === line.totalCostYen) continue;
          const exact = (line.totalCostYen * input.burdenRatio) / 10;
          expect(line.copayYen).toBeGreaterThanOrEqual(exact);
          expect(line.copayYen).toBeLessThan(exact + 1);
        }
      }),
    );
  });
});
