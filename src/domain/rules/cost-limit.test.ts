import { describe, expect, it } from 'vitest';
import { COST_LIMIT_STAGES } from '../insured.ts';
import { costLimitDailyLimits, ROOM_KINDS } from './cost-limit.ts';

describe('costLimitDailyLimits (負担限度額, yen per day)', () => {
  it('gives the figures in force since 2024-08-01', () => {
    expect(costLimitDailyLimits('stage1', '2026-08-01')).toEqual({
      residence: { unitPrivate: 880, unitSemiPrivate: 550, conventionalPrivate: 550, conventionalPrivateWelfare: 380, multiBed: 0 },
      foodFacility: 300,
      foodShortStay: 300,
    });
    expect(costLimitDailyLimits('stage2', '2026-08-01')).toEqual({
      residence: { unitPrivate: 880, unitSemiPrivate: 550, conventionalPrivate: 550, conventionalPrivateWelfare: 480, multiBed: 430 },
      foodFacility: 390,
      foodShortStay: 600,
    });
    expect(costLimitDailyLimits('stage3a', '2026-08-01')).toMatchObject({ residence: { unitPrivate: 1370, conventionalPrivateWelfare: 880, multiBed: 430 }, foodFacility: 650, foodShortStay: 1000 });
    expect(costLimitDailyLimits('stage3b', '2026-08-01')).toMatchObject({ residence: { unitPrivate: 1370 }, foodFacility: 1360, foodShortStay: 1300 });
  });

  it('used the 2021-08 figures up to 2024-07-31 (多床室 第2段階 ¥370 → ¥430)', () => {
    expect(costLimitDailyLimits('stage2', '2024-07-31').residence.multiBed).toBe(370);
    expect(costLimitDailyLimits('stage2', '2024-08-01').residence.multiBed).toBe(430);
    expect(costLimitDailyLimits('stage1', '2024-07-31').residence.conventionalPrivateWelfare).toBe(320);
    expect(() => costLimitDailyLimits('stage1', '2021-07-31')).toThrow(expect.objectContaining({ code: 'noRuleInForce' }));
  });

  it('raised every non-zero 居住費 by ¥60 on 2024-08-01 and left 食費 as it was', () => {
    for (const stage of COST_LIMIT_STAGES) {
      const before = costLimitDailyLimits(stage, '2024-07-31');
      const after = costLimitDailyLimits(stage, '2024-08-01');
      for (const room of ROOM_KINDS) expect(after.residence[room] - before.residence[room]).toBe(before.residence[room] === 0 ? 0 : 60);
      expect(after.foodFacility).toBe(before.foodFacility);
      expect(after.foodShortStay).toBe(before.foodShortStay);
    }
  });
});
