import { describe, expect, it } from 'vitest';
import { diffInsuredRecords } from '../../src/domain/change-events-diff.ts';
import { InsuredRecordContent } from '../../src/domain/index.ts';
import { generateDemoData } from './generate-demo-data.ts';
import { planEarlierVersions, RECENT_RENEWAL_DAYS } from './earlier-versions.ts';
import { parseIsoDate } from './demo-dates.ts';

const TODAY = '2026-07-15';
const dataset = generateDemoData({ seed: 11, size: 400, today: TODAY });
const content = (record: InsuredRecordContent): InsuredRecordContent => InsuredRecordContent.parse(record);
const today = new Map(dataset.records.map((r) => [`${r.insurerNumber}/${r.insuredNumber}`, content(r)]));

describe('planEarlierVersions', () => {
  const versions = planEarlierVersions(dataset.records, TODAY);

  it('gives each change kind, each a valid record of the same person', () => {
    expect(new Set(versions.map((v) => v.change))).toEqual(new Set(['burdenRatio', 'renewal', 'renewalWithCareLevel']));
    for (const { record } of versions) {
      expect(InsuredRecordContent.safeParse(record).success).toBe(true);
      expect(today.has(`${record.insurerNumber}/${record.insuredNumber}`)).toBe(true);
    }
    expect(new Set(versions.map((v) => `${v.record.insurerNumber}/${v.record.insuredNumber}`)).size).toBe(versions.length);
  });

  it('yields, from earlier to today, exactly the change events the notices are for', () => {
    for (const { change, record } of versions) {
      const now = today.get(`${record.insurerNumber}/${record.insuredNumber}`)!;
      const kinds = diffInsuredRecords(record, now).map((e) => e.kind);
      if (change === 'burdenRatio') expect(kinds).toEqual(['burdenRatioChanged']);
      if (change === 'renewal') expect(kinds).toEqual(['certificationRenewed']);
      if (change === 'renewalWithCareLevel') expect(kinds).toEqual(['careLevelChanged', 'certificationRenewed']);
    }
  });

  it('renews only periods that began within the last 30 days, the earlier period ending the day before', () => {
    for (const { change, record } of versions.filter((v) => v.change !== 'burdenRatio')) {
      const now = today.get(`${record.insurerNumber}/${record.insuredNumber}`)!;
      const from = parseIsoDate(now.eligibility.certificationPeriod!.from);
      expect(parseIsoDate(TODAY) - from).toBeLessThanOrEqual(RECENT_RENEWAL_DAYS);
      expect(parseIsoDate(record.eligibility.certificationPeriod!.to)).toBe(from - 1);
      if (change === 'renewal') expect(record.eligibility.careLevel).toBe(now.eligibility.careLevel);
    }
  });

  it('is deterministic and leaves people without a recent change alone', () => {
    expect(planEarlierVersions(dataset.records, TODAY)).toEqual(versions);
    expect(versions.length).toBeLessThan(dataset.records.length / 5);
  });
});
