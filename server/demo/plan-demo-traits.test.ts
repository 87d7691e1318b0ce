import { describe, expect, it } from 'vitest';
import { planDemoTraits } from './plan-demo-traits.ts';
import { createSeededRandom } from './seeded-random.ts';

describe('planDemoTraits', () => {
  const traits = planDemoTraits(createSeededRandom(4), 1000, [0.55, 0.3, 0.15]);
  const count = (test: (t: (typeof traits)[number]) => boolean): number => traits.filter(test).length;

  it('deals exact counts: round(share × size)', () => {
    expect(count((t) => t.townIndex === 0)).toBe(550);
    expect(count((t) => t.townIndex === 1)).toBe(300);
    expect(count((t) => t.townIndex === 2)).toBe(150);
    expect(count((t) => t.careLevel === 'programTarget')).toBe(20);
    expect(count((t) => t.insuredKind === 'second')).toBe(30);
    expect(count((t) => t.burdenRatio === 2)).toBe(120);
    expect(count((t) => t.burdenRatio === 3)).toBe(70);
    expect(count((t) => t.burdenRatioChange === 'upcoming')).toBe(50);
    expect(count((t) => t.burdenRatioChange === 'thisYear')).toBe(40);
    expect(count((t) => t.expiry === 'within30')).toBe(40);
    expect(count((t) => t.expiry === 'within60')).toBe(40);
    // 60% of the 80 expiring people
    expect(count((t) => t.renewalInProgress)).toBe(48);
    expect(count((t) => t.costLimit)).toBe(150);
    expect(count((t) => t.benefitRestriction)).toBe(10);
  });

  it('keeps traits that exclude each other apart', () => {
    for (const t of traits) {
      if (t.insuredKind === 'second') {
        expect(t.burdenRatio).toBe(1);
        expect(t.burdenRatioChange).toBe('none');
        expect(t.careLevel).not.toBe('programTarget');
      }
      if (t.careLevel === 'programTarget') expect(t.expiry).toBe('later');
      if (t.renewalInProgress) expect(t.expiry).not.toBe('later');
      if (t.renewalDecided) {
        expect(t.renewalInProgress).toBe(true);
        expect(t.expiry).toBe('within30');
      }
      if (t.changeInProgress) expect(t.expiry).toBe('later');
      if (t.costLimit) expect(t.burdenRatio).toBe(1);
      if (t.newApplicationInProgress) expect(t.careLevel).toBe('programTarget');
    }
  });

  it('gives even a tiny dataset one of each rare trait where possible', () => {
    const small = planDemoTraits(createSeededRandom(1), 60, [0.55, 0.3, 0.15]);
    expect(small.filter((t) => t.benefitRestriction)).toHaveLength(1);
    expect(small.filter((t) => t.careLevel === 'programTarget')).toHaveLength(1);
    expect(small.filter((t) => t.renewalDecided).length).toBeGreaterThanOrEqual(1);
    expect(planDemoTraits(createSeededRandom(1), 1, [0.55, 0.3, 0.15])).toHaveLength(1);
  });
});
