import { describe, expect, it } from 'vitest';
import { burdenRatioOn, findDemoExamples } from './find-demo-examples.ts';
import { generateDemoData, type DemoDataset } from './generate-demo-data.ts';

describe('findDemoExamples', () => {
  for (const today of ['2026-11-25', '2026-06-10', '2027-03-31']) {
    it(`finds every notable person in a 300-person dataset on ${today}`, () => {
      const d = generateDemoData({ seed: 1, size: 300, today });
      const ex = findDemoExamples(d, today);
      for (const [name, value] of Object.entries(ex)) expect(value, name).not.toBeNull();

      const coming = ex.burdenRatioChangeComing!;
      const r = d.records[coming.index]!;
      expect(r.insuredNumber).toBe(coming.insuredNumber);
      expect(coming.effectiveOn.endsWith('-08-01')).toBe(true);
      expect(coming.effectiveOn > today).toBe(true);
      expect(burdenRatioOn(r, today)).toBe(coming.from);
      expect(burdenRatioOn(r, coming.effectiveOn)).toBe(coming.to);

      const expiring = d.records[ex.certificationExpiringWithin30Days!.index]!;
      const daysLeft = (Date.parse(expiring.eligibility.certificationPeriod!.to) - Date.parse(today)) / 86_400_000;
      expect(daysLeft).toBeGreaterThanOrEqual(0);
      expect(daysLeft).toBeLessThanOrEqual(30);

      const paper = d.records[ex.paperFallback!.index]!;
      const liveFrom = d.insurers.find((i) => i.insurerNumber === paper.insurerNumber)?.platformLiveFrom;
      expect(liveFrom === null || (liveFrom !== undefined && liveFrom > today)).toBe(true);
      const withOpinion = ex.withDoctorOpinion!;
      expect(d.documents.some((x) => x.kind === 'doctorOpinion' && x.insuredNumber === withOpinion.insuredNumber && x.insurerNumber === withOpinion.insurerNumber)).toBe(true);
    });
  }

  it('reads a hand-made change: 2割 now, 3割 from 2027-08-01', () => {
    const base = generateDemoData({ seed: 1, size: 5, today: '2026-11-25' });
    const plain = base.records.map((r) => ({
      ...r,
      burdenRatio: { issuedOn: '2026-07-15', periods: [{ ratio: 1 as const, period: { from: '2026-08-01', to: '2027-07-31' } }] },
    }));
    const target = plain[3]!;
    const dataset: DemoDataset = {
      ...base,
      records: plain.map((r, i) =>
        i === 3
          ? {
              ...target,
              burdenRatio: {
                issuedOn: '2026-11-20',
                periods: [
                  { ratio: 2, period: { from: '2026-08-01', to: '2027-07-31' } },
                  { ratio: 3, period: { from: '2027-08-01', to: '2028-07-31' } },
                ],
              },
            }
          : r,
      ),
    };
    expect(findDemoExamples(dataset, '2026-11-25').burdenRatioChangeComing).toEqual({
      index: 3,
      insurerNumber: target.insurerNumber,
      insuredNumber: target.insuredNumber,
      from: 2,
      to: 3,
      effectiveOn: '2027-08-01',
    });
    // Seen from after the change took effect, it is history, not a change coming.
    const later = findDemoExamples(dataset, '2027-09-01');
    expect(later.burdenRatioChangeComing).toBeNull();
    expect(later.burdenRatioChangedThisYear?.index).toBe(3);
  });
});
