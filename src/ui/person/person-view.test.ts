import { describe, expect, it } from 'vitest';
import { makeInsuredRecord } from '../../data/insured-record.testing.ts';
import type { InsuredRecord } from '../../domain/insured.ts';
import { toPersonView } from './person-view.ts';

const TODAY = '2026-11-25';
const CONTEXT = { insurerName: '試験市', fetchedAt: '2026-11-25T00:05:00.000Z' };

/** A 負担割合証 of 2割 until 2027-07-31 and 3割 from 2027-08-01. */
function withRisingRatio(): InsuredRecord {
  return makeInsuredRecord({
    burdenPeriods: [
      { ratio: 2, period: { from: '2026-08-01', to: '2027-07-31' } },
      { ratio: 3, period: { from: '2027-08-01', to: '2028-07-31' } },
    ],
    certificationPeriod: { from: '2025-01-11', to: '2027-01-10' },
  });
}

describe('toPersonView', () => {
  it('shows the ratio in force with its period in both calendars, and the next change ahead', () => {
    const view = toPersonView(withRisingRatio(), TODAY, CONTEXT);
    expect(view.burden?.label).toBe('2割');
    expect(view.burden?.period).toEqual({ seireki: '2026年8月1日〜2027年7月31日', wareki: '令和8年8月1日〜令和9年7月31日' });
    expect(view.nextBurden?.textJa).toBe('令和9年8月1日から3割');
    expect(view.nextBurden?.textEn).toBe('3割 from 8/1');
  });

  it('has no next change when the following period keeps the ratio, and no ratio in a gap', () => {
    const same = makeInsuredRecord({
      burdenPeriods: [
        { ratio: 1, period: { from: '2026-08-01', to: '2027-07-31' } },
        { ratio: 1, period: { from: '2027-08-01', to: '2028-07-31' } },
      ],
    });
    expect(toPersonView(same, TODAY, CONTEXT).nextBurden).toBeNull();
    const gap = makeInsuredRecord({ burdenPeriods: [{ ratio: 3, period: { from: '2027-08-01', to: '2028-07-31' } }] });
    const view = toPersonView(gap, TODAY, CONTEXT);
    expect(view.burden).toBeNull();
    expect(view.nextBurden?.textJa).toBe('令和9年8月1日から3割');
  });

  it('counts the days left of the certification: 46 days to 2027-01-10 is a warning, 10 an alert, past is expired', () => {
    expect(toPersonView(withRisingRatio(), TODAY, CONTEXT).certificationPeriod).toEqual({
      period: { seireki: '2025年1月11日〜2027年1月10日', wareki: '令和7年1月11日〜令和9年1月10日' },
      daysLeft: 46,
      urgency: 'warning',
    });
    expect(toPersonView(withRisingRatio(), '2026-12-31', CONTEXT).certificationPeriod?.urgency).toBe('alert');
    expect(toPersonView(withRisingRatio(), '2027-01-11', CONTEXT).certificationPeriod).toMatchObject({ daysLeft: -1, urgency: 'expired' });
  });

  it('names the application status in Japanese with the 審査会 date', () => {
    const record: InsuredRecord = {
      ...withRisingRatio(),
      certification: {
        appliedOn: '2026-11-02',
        applicationKind: 'renewal',
        status: 'reviewScheduled',
        surveyOn: '2026-11-12',
        reviewBoardOn: '2026-12-03',
        decidedOn: null,
        resultCareLevel: null,
        resultPeriod: null,
      },
    };
    expect(toPersonView(record, TODAY, CONTEXT).application).toEqual({
      statusJa: '審査会予定',
      statusEn: 'Review board scheduled',
      appliedOn: '令和8年11月2日',
      reviewBoardOn: '令和8年12月3日',
    });
  });

  it('takes the monthly limit from the card, else from the rules for the care level', () => {
    expect(toPersonView(withRisingRatio(), TODAY, CONTEXT).benefitLimitUnits).toBe(19705);
    const base = makeInsuredRecord({ careLevel: 'care3' });
    const noCardLimit: InsuredRecord = { ...base, eligibility: { ...base.eligibility, benefitLimit: null } };
    expect(toPersonView(noCardLimit, TODAY, CONTEXT).benefitLimitUnits).toBe(27048);
  });

  it('gives the 負担限度額 stage with its daily limits in force today, and the office not cancelled', () => {
    const base = withRisingRatio();
    const record: InsuredRecord = {
      ...base,
      costLimitCertification: { stage: 'stage2', period: { from: '2026-08-01', to: '2027-07-31' }, issuedOn: '2026-07-20' },
      eligibility: {
        ...base.eligibility,
        benefitRestrictions: [{ content: '償還払い', period: { from: '2026-10-01', to: '2027-03-31' } }],
        assignedCareManagementOffices: [
          { providerNumber: '1310100009', name: '旧ケアプランセンター', notifiedOn: '2024-04-01', cancelledOn: '2025-03-31' },
          { providerNumber: '1310100001', name: '居宅介護支援つなぎ', notifiedOn: '2025-04-01', cancelledOn: null },
        ],
      },
    };
    const view = toPersonView(record, TODAY, CONTEXT);
    expect(view.costLimit?.stageJa).toBe('第2段階');
    expect(view.costLimit?.foodFacilityYen).toBe(390);
    expect(view.costLimit?.foodShortStayYen).toBe(600);
    expect(view.costLimit?.residence.find((r) => r.labelJa === '多床室')?.yen).toBe(430);
    expect(view.careManagementOffice).toBe('居宅介護支援つなぎ');
    expect(view.restrictions).toEqual([{ content: '償還払い', period: { seireki: '2026年10月1日〜2027年3月31日', wareki: '令和8年10月1日〜令和9年3月31日' } }]);
  });

  it('computes the 住宅改修 and this fiscal year’s 福祉用具購入 balances', () => {
    const record: InsuredRecord = {
      ...withRisingRatio(),
      homeModification: { usedYen: 50_000, countedSince: '2024-04-01' },
      welfareEquipmentPurchases: [
        { fiscalYear: 2025, usedYen: 40_000 },
        { fiscalYear: 2026, usedYen: 30_000 },
      ],
    };
    const view = toPersonView(record, TODAY, CONTEXT);
    expect(view.homeModification).toMatchObject({ limitYen: 200_000, usedYen: 50_000, remainingYen: 150_000 });
    expect(view.welfareEquipment).toMatchObject({ limitYen: 100_000, usedYen: 30_000, remainingYen: 70_000 });
  });

  it('says where the figures came from: paper with who and when (Japan date), or the platform with its fetch time', () => {
    const paper: InsuredRecord = { ...withRisingRatio(), source: { kind: 'paper', enteredBy: '試験 入力者', enteredAt: '2026-11-20T15:30:00.000Z' } };
    expect(toPersonView(paper, TODAY, CONTEXT).source).toEqual({ kind: 'paper', enteredBy: '試験 入力者', enteredAt: '令和8年11月21日' });
    expect(toPersonView(withRisingRatio(), TODAY, CONTEXT).source).toEqual({ kind: 'platform', fetchedAt: '09:05' });
    expect(toPersonView(withRisingRatio(), TODAY, { insurerName: undefined, fetchedAt: undefined }).source).toEqual({ kind: 'platform', fetchedAt: null });
  });
});
