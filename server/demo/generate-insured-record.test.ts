import { describe, expect, it } from 'vitest';
import type { InsuredRecordContent } from '../../src/domain/index.ts';
import { parseIsoDate, ageOn, addYears } from './demo-dates.ts';
import { DEMO_TOWNS } from './demo-organisations.ts';
import { generateDemoData } from './generate-demo-data.ts';
import { BENEFIT_LIMIT_UNITS, generateInsuredRecord } from './generate-insured-record.ts';
import type { DemoTraits } from './plan-demo-traits.ts';
import { createSeededRandom } from './seeded-random.ts';

const PLAIN: DemoTraits = {
  townIndex: 0,
  insuredKind: 'first',
  careLevel: 'care2',
  burdenRatio: 1,
  burdenRatioChange: 'none',
  expiry: 'later',
  renewalInProgress: false,
  renewalDecided: false,
  changeInProgress: false,
  newApplicationInProgress: false,
  costLimit: false,
  benefitRestriction: false,
  homeModification: false,
  welfareEquipmentPurchase: false,
  facilityStayHistory: false,
};

function one(traits: Partial<DemoTraits>, today = '2026-11-25', seed = 1): InsuredRecordContent {
  const rng = createSeededRandom(seed);
  return generateInsuredRecord(
    { rng, today: parseIsoDate(today), town: DEMO_TOWNS[0] as (typeof DEMO_TOWNS)[number], usedInsuredNumbers: new Set() },
    { ...PLAIN, ...traits },
  ).record;
}

describe('generateInsuredRecord: worked cases', () => {
  it('a decided renewal for a period ending this month starts its new period the next day', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = one({ expiry: 'within30', renewalInProgress: true, renewalDecided: true }, '2026-11-25', seed);
      expect(r.eligibility.certificationPeriod?.to).toBe('2026-11-30');
      expect(r.certification?.status).toBe('decided');
      expect(r.certification?.applicationKind).toBe('renewal');
      expect(r.certification?.resultPeriod?.from).toBe('2026-12-01');
      expect((r.certification?.decidedOn ?? '9999') <= '2026-11-25').toBe(true);
      // Applied no earlier than 60 days before the period ends (2026-10-01).
      expect((r.certification?.appliedOn ?? '0000') >= '2026-10-01').toBe(true);
    }
  });

  it('a ratio change coming shows 8/1 of next year when today is after this year\'s 8/1', () => {
    const r = one({ burdenRatio: 2, burdenRatioChange: 'upcoming' });
    expect(r.burdenRatio.periods[0]).toEqual({ ratio: 2, period: { from: '2026-08-01', to: '2027-07-31' } });
    expect(r.burdenRatio.periods[1]?.period).toEqual({ from: '2027-08-01', to: '2028-07-31' });
    expect(r.burdenRatio.periods[1]?.ratio).not.toBe(2);
  });

  it('a ratio change coming shows this year\'s 8/1 when today is before it', () => {
    const r = one({ burdenRatio: 1, burdenRatioChange: 'upcoming' }, '2026-06-10');
    expect(r.burdenRatio.periods.map((p) => p.period.from)).toEqual(['2025-08-01', '2026-08-01']);
    expect(r.burdenRatio.periods[0]?.ratio).toBe(1);
  });

  it('a change on this year\'s 8/1 keeps last year\'s period above it', () => {
    const r = one({ burdenRatio: 3, burdenRatioChange: 'thisYear' });
    expect(r.burdenRatio.periods.map((p) => p.period)).toEqual([
      { from: '2025-08-01', to: '2026-07-31' },
      { from: '2026-08-01', to: '2027-07-31' },
    ]);
    expect(r.burdenRatio.periods[1]?.ratio).toBe(3);
  });

  it('a 事業対象者 has no certification period and no benefit limit', () => {
    const r = one({ careLevel: 'programTarget' });
    expect(r.eligibility.certificationPeriod).toBeNull();
    expect(r.eligibility.benefitLimit).toBeNull();
    expect(r.certification).toBeNull();
    expect(r.eligibility.assignedCareManagementOffices.at(-1)?.name).toBe('桜丘市地域包括支援センター');
  });

  it('a 第2号被保険者 is 40–64 and qualified the day before turning 40', () => {
    const r = one({ insuredKind: 'second' });
    const birth = parseIsoDate(r.identity.birthDate);
    const age = ageOn(birth, parseIsoDate('2026-11-25'));
    expect(age).toBeGreaterThanOrEqual(40);
    expect(age).toBeLessThanOrEqual(64);
    expect(parseIsoDate(r.eligibility.qualifiedOn)).toBe(addYears(birth, 40) - 1);
  });
});

describe('generated records are consistent', () => {
  for (const today of ['2026-11-25', '2026-06-10', '2026-07-31', '2027-02-28']) {
    it(`holds the date and value rules on ${today}`, () => {
      const d = generateDemoData({ seed: 11, size: 3000, today });
      const t = parseIsoDate(today);
      const numbers = new Map<string, Set<string>>();
      for (const r of d.records) {
        const seen = numbers.get(r.insurerNumber) ?? new Set<string>();
        expect(seen.has(r.insuredNumber)).toBe(false);
        seen.add(r.insuredNumber);
        numbers.set(r.insurerNumber, seen);

        const birth = parseIsoDate(r.identity.birthDate);
        const age = ageOn(birth, t);
        expect(age).toBeGreaterThanOrEqual(40);
        expect(age).toBeLessThanOrEqual(100);
        const e = r.eligibility;
        expect(e.qualifiedOn >= '2000-04-01').toBe(true);
        expect(parseIsoDate(e.qualifiedOn)).toBeGreaterThanOrEqual(addYears(birth, age >= 65 ? 65 : 40) - 1);
        expect(e.issuedOn <= today).toBe(true);

        if (e.careLevel !== 'programTarget') {
          const p = e.certificationPeriod!;
          expect(p.from <= today && today <= p.to).toBe(true);
          expect(e.qualifiedOn <= p.from).toBe(true);
          expect(e.certifiedOn! <= today).toBe(true);
          expect(e.benefitLimit?.units).toBe(BENEFIT_LIMIT_UNITS[e.careLevel]);
        }
        const c = r.certification;
        if (c) {
          expect(c.appliedOn <= today).toBe(true);
          if (c.status === 'decided') {
            expect(c.decidedOn! <= today).toBe(true);
            expect(c.resultPeriod).not.toBeNull();
          } else {
            expect(c.decidedOn).toBeNull();
            expect(c.resultPeriod).toBeNull();
          }
          if (c.status === 'surveyScheduled') expect(c.surveyOn! > today).toBe(true);
          if (['surveyed', 'opinionReceived', 'reviewScheduled', 'decided'].includes(c.status)) expect(c.surveyOn! <= today).toBe(true);
          if (c.applicationKind === 'renewal' && c.status !== 'decided') {
            expect(parseIsoDate(e.certificationPeriod!.to) - parseIsoDate(c.appliedOn)).toBeLessThanOrEqual(60);
          }
        }

        const covering = r.burdenRatio.periods.filter((p) => p.period.from <= today && today <= p.period.to);
        expect(covering).toHaveLength(1);
        for (let k = 1; k < r.burdenRatio.periods.length; k++) {
          expect(r.burdenRatio.periods[k - 1]!.period.to < r.burdenRatio.periods[k]!.period.from).toBe(true);
        }
        if (age < 65) expect(r.burdenRatio.periods.every((p) => p.ratio === 1)).toBe(true);
        if (r.costLimitCertification) {
          expect(covering[0]?.ratio).toBe(1);
          expect(r.costLimitCertification.period.from <= today && today <= r.costLimitCertification.period.to).toBe(true);
        }
        expect(r.homeModification.usedYen).toBeLessThanOrEqual(200_000);
        for (const w of r.welfareEquipmentPurchases) expect(w.usedYen).toBeLessThanOrEqual(100_000);
        const current = e.assignedCareManagementOffices.filter((o) => o.cancelledOn === null);
        expect(current).toHaveLength(1);
        for (const o of e.assignedCareManagementOffices) expect(o.notifiedOn <= today && o.notifiedOn >= e.qualifiedOn).toBe(true);
      }
      for (const doc of d.documents) {
        const date = doc.kind === 'doctorOpinion' ? doc.receivedOn : doc.surveyedOn;
        expect(date <= today).toBe(true);
        if (doc.kind === 'doctorOpinion') expect(doc.writtenOn <= doc.receivedOn).toBe(true);
      }
    });
  }
});
