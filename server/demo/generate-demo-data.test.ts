import { describe, expect, it } from 'vitest';
import { CertificationDocument, InsuredRecordContent, Insurer, Provider, Staff } from '../../src/domain/index.ts';
import { DemoDataError } from './demo-error.ts';
import { DemoLink, generateDemoData } from './generate-demo-data.ts';
import { summariseDemoData } from './summarise-demo-data.ts';

const TODAY = '2026-11-25';

function parseAll(size: number): void {
  const d = generateDemoData({ seed: 1, size, today: TODAY });
  expect(d.records).toHaveLength(size);
  for (const x of d.insurers) Insurer.parse(x);
  for (const x of d.providers) Provider.parse(x);
  for (const x of d.staff) Staff.parse(x);
  for (const x of d.links) DemoLink.parse(x);
  // safeParse + count keeps a failure message short and tells how many are wrong.
  const badRecords = d.records.filter((r) => !InsuredRecordContent.safeParse(r).success);
  const badDocuments = d.documents.filter((x) => !CertificationDocument.safeParse(x).success);
  expect(badRecords.map((r) => InsuredRecordContent.safeParse(r).error?.issues)).toEqual([]);
  expect(badDocuments.length).toBe(0);
  expect(d.documents.length).toBeGreaterThan(size / 4);
}

describe('generateDemoData', () => {
  it('passes the contract schemas at size 300', () => parseAll(300));
  it('passes the contract schemas at size 12,000', () => parseAll(12_000));

  it('is deterministic for seed, size and today', () => {
    const a = generateDemoData({ seed: 7, size: 500, today: TODAY });
    const b = generateDemoData({ seed: 7, size: 500, today: TODAY });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const otherSeed = generateDemoData({ seed: 8, size: 500, today: TODAY });
    expect(otherSeed.records[0]?.insuredNumber).not.toBe(a.records[0]?.insuredNumber);
    const otherDay = generateDemoData({ seed: 7, size: 500, today: '2026-11-26' });
    expect(JSON.stringify(otherDay.records)).not.toBe(JSON.stringify(a.records));
  });

  it('keeps the organisations the same for every seed (stable sign-in ids)', () => {
    const a = generateDemoData({ seed: 1, size: 10, today: TODAY });
    const b = generateDemoData({ seed: 99, size: 20, today: TODAY });
    expect(b.staff).toEqual(a.staff);
    expect(b.providers).toEqual(a.providers);
    expect(a.staff.map((s) => s.staffId)).toContain('kyotaku-cm-1');
  });

  it('generates 10,000 people in well under 2 seconds', () => {
    generateDemoData({ seed: 3, size: 500, today: TODAY }); // warm up the JIT
    const started = performance.now();
    const d = generateDemoData({ seed: 2, size: 10_000, today: TODAY });
    const ms = performance.now() - started;
    expect(d.records).toHaveLength(10_000);
    expect(ms).toBeLessThan(2000);
  });

  it('hits the target shares at 12,000 people', () => {
    const d = generateDemoData({ seed: 5, size: 12_000, today: TODAY });
    const s = summariseDemoData(d, TODAY);
    const share = (n: number): number => n / s.records;
    // Dealt exactly: round(share × size).
    expect(s.burdenRatios['2']).toBe(1440);
    expect(s.burdenRatios['3']).toBe(840);
    expect(s.burdenRatioChangeComing).toBe(600);
    expect(s.costLimitCertifications).toBe(1800);
    expect(s.homeModifications).toBe(1200);
    expect(s.welfareEquipmentPurchases).toBe(1200);
    expect(s.benefitRestrictions).toBe(120);
    expect(s.expiringWithin60Days).toBe(960);
    // within30 bucket (480) plus the few 31–60 periods that end at this month's end when next month's is > 60 days away.
    expect(s.expiringWithin30Days).toBeGreaterThanOrEqual(480);
    expect(s.expiringWithin30Days).toBeLessThan(960);
    // More light need than heavy.
    expect(s.careLevels.support1 + s.careLevels.support2 + s.careLevels.care1 + s.careLevels.care2).toBeGreaterThan(s.records * 0.6);
    expect(s.careLevels.care5).toBeLessThan(s.careLevels.care1);
    expect(share(s.careLevels.care5)).toBeGreaterThan(0.06);
    // Documents for people of insurers on the platform today (桜丘市 and 青浜町: 85% of people).
    const onPlatform = (s.recordsByInsurer['229013'] ?? 0) + (s.recordsByInsurer['229021'] ?? 0);
    expect(s.doctorOpinions / onPlatform).toBeGreaterThan(0.35);
    expect(s.doctorOpinions / onPlatform).toBeLessThan(0.45);
    expect(s.assessmentSurveys / onPlatform).toBeGreaterThan(0.26);
    expect(s.assessmentSurveys / onPlatform).toBeLessThan(0.35);
  });

  it('rejects bad options with a typed error', () => {
    const attempt = (today: string, size: number): unknown => {
      try {
        generateDemoData({ seed: 1, size, today });
        return null;
      } catch (e) {
        return e;
      }
    };
    const e1 = attempt('2026-02-30', 10);
    expect(e1).toBeInstanceOf(DemoDataError);
    expect((e1 as DemoDataError).code).toBe('DEMO_INVALID_OPTIONS');
    expect((e1 as DemoDataError).messageJa).toContain('存在しない日付です');
    expect(attempt(TODAY, 0)).toBeInstanceOf(DemoDataError);
    expect(attempt(TODAY, 2.5)).toBeInstanceOf(DemoDataError);
  });
});
