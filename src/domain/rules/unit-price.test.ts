import { describe, expect, it } from 'vitest';
import { formatUnitPrice, UNIT_PRICE_TABLE, unitPriceFor, unitPriceSenForClass } from './unit-price.ts';

const on = '2026-08-01';

describe('unitPriceFor (1単位の単価, in 銭)', () => {
  it('prices by area grade and the service kind class', () => {
    expect(unitPriceFor(1, '11', on)).toBe(1140); // 訪問介護 70%, 1級地: ¥11.40
    expect(unitPriceFor(1, '13', on)).toBe(1140); // 訪問看護 70%
    expect(unitPriceFor(1, '16', on)).toBe(1110); // 通所リハ 55%
    expect(unitPriceFor(1, '15', on)).toBe(1090); // 通所介護 45%
    expect(unitPriceFor(2, '11', on)).toBe(1112);
    expect(unitPriceFor(3, '14', on)).toBe(1083);
    expect(unitPriceFor(7, '32', on)).toBe(1014);
    expect(unitPriceFor(8, '11', on)).toBe(1000); // その他: ¥10
  });

  it('gives ¥10 everywhere for 福祉用具貸与 and 居宅療養管理指導', () => {
    for (let grade = 1; grade <= 8; grade++) {
      expect(unitPriceFor(grade, '17', on)).toBe(1000);
      expect(unitPriceFor(grade, '31', on)).toBe(1000);
    }
  });

  it('matches 10 × (1 + 上乗せ割合 × 人件費割合) rounded half up to the sen, cell by cell', () => {
    // In sen: 1000 + 上乗せ% × 人件費% / 10, e.g. 3級地 55%: 1000 + 15 × 55 / 10 = 1082.5 → 1083.
    const surcharge = [20, 16, 15, 12, 10, 6, 3, 0];
    const share = { rate70: 70, rate55: 55, rate45: 45 } as const;
    for (const [cls, pct] of Object.entries(share) as [keyof typeof share, number][]) {
      surcharge.forEach((a, i) => {
        expect(unitPriceSenForClass(i + 1, cls, on)).toBe(1000 + Math.floor((a * pct + 5) / 10));
      });
    }
    expect(UNIT_PRICE_TABLE.versions.at(-1)!.value.rate55).toEqual([1110, 1088, 1083, 1066, 1055, 1033, 1017, 1000]);
  });

  it('refuses grades outside 1–8, unknown kinds and dates before the table', () => {
    expect(() => unitPriceFor(0, '11', on)).toThrow(expect.objectContaining({ code: 'invalidInput' }));
    expect(() => unitPriceFor(9, '11', on)).toThrow(expect.objectContaining({ code: 'invalidInput' }));
    expect(() => unitPriceFor(1.5, '11', on)).toThrow(expect.objectContaining({ code: 'invalidInput' }));
    expect(() => unitPriceFor(1, '99', on)).toThrow(expect.objectContaining({ code: 'unknownServiceKind' }));
    expect(() => unitPriceFor(1, '11', '2015-03-31')).toThrow(expect.objectContaining({ code: 'noRuleInForce' }));
  });

  it('formats sen as yen with two decimals', () => {
    expect(formatUnitPrice(1140)).toBe('11.40');
    expect(formatUnitPrice(1014)).toBe('10.14');
    expect(formatUnitPrice(1000)).toBe('10.00');
    expect(formatUnitPrice(1105)).toBe('11.05');
  });
});
