import { describe, expect, it } from 'vitest';
import { diffInsuredRecords } from './change-events-diff.ts';
import { InsuredRecordContent } from './insured.ts';

/** A synthetic person with 2割 for the burden year 2025-08-01…2026-07-31. */
function record(): InsuredRecordContent {
  return InsuredRecordContent.parse({
    insurerNumber: '229016',
    insuredNumber: '0000000017',
    identity: { name: '試験 一郎', nameKana: 'シケン イチロウ', birthDate: '1941-05-02', sex: 'male', postalCode: '437-0101', address: '静岡県桜丘市本町1-2-3' },
    eligibility: {
      issuedOn: '2025-04-01',
      qualifiedOn: '2006-05-01',
      disqualifiedOn: null,
      careLevel: 'care1',
      certifiedOn: '2025-03-20',
      certificationPeriod: { from: '2025-04-01', to: '2027-03-31' },
      benefitLimit: { period: { from: '2025-04-01', to: '2027-03-31' }, units: 16765 },
      serviceKindLimits: [],
      reviewBoardOpinion: '',
      benefitRestrictions: [],
      assignedCareManagementOffices: [],
      facilityStays: [],
    },
    burdenRatio: { issuedOn: '2025-07-10', periods: [{ ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } }] },
    costLimitCertification: null,
    certification: null,
    homeModification: { usedYen: 0, countedSince: '2006-05-01' },
    welfareEquipmentPurchases: [],
  });
}

function changed(edit: (r: InsuredRecordContent) => void): InsuredRecordContent {
  const r = structuredClone(record());
  edit(r);
  return r;
}

describe('diffInsuredRecords', () => {
  it('reports a new person as added, and nothing else', () => {
    expect(diffInsuredRecords(null, record())).toEqual([{ kind: 'insuredAdded' }]);
  });

  it('reports nothing for an identical record, whatever the key order', () => {
    const { identity, ...rest } = record();
    const { address, ...identityRest } = identity;
    // jsonb hands keys back in its own order: the same facts must compare equal.
    const reordered: InsuredRecordContent = { ...rest, identity: { address, ...identityRest } };
    expect(Object.keys(reordered.identity)[0]).toBe('address');
    expect(diffInsuredRecords(record(), record())).toEqual([]);
    expect(diffInsuredRecords(record(), reordered)).toEqual([]);
  });

  it('reports a new 3割 period from 2026-08-01 after 2割 as 2 → 3 effective 2026-08-01', () => {
    const after = changed((r) => {
      r.burdenRatio = {
        issuedOn: '2026-07-10',
        periods: [
          { ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } },
          { ratio: 3, period: { from: '2026-08-01', to: '2027-07-31' } },
        ],
      };
    });
    expect(diffInsuredRecords(record(), after)).toEqual([{ kind: 'burdenRatioChanged', from: 2, to: 3, effectiveOn: '2026-08-01' }]);
  });

  it('reports no ratio event when the next burden year keeps the same ratio', () => {
    const after = changed((r) => {
      r.burdenRatio.periods = [
        { ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } },
        { ratio: 2, period: { from: '2026-08-01', to: '2027-07-31' } },
      ];
    });
    expect(diffInsuredRecords(record(), after)).toEqual([]);
  });

  it('reports a corrected ratio for a period already announced, from the old ratio of that period', () => {
    const announced = changed((r) => {
      r.burdenRatio.periods.push({ ratio: 2, period: { from: '2026-08-01', to: '2027-07-31' } });
    });
    const corrected = changed((r) => {
      r.burdenRatio.periods.push({ ratio: 1, period: { from: '2026-08-01', to: '2027-07-31' } });
    });
    expect(diffInsuredRecords(announced, corrected)).toEqual([{ kind: 'burdenRatioChanged', from: 2, to: 1, effectiveOn: '2026-08-01' }]);
  });

  it('reports a ratio change taking effect mid-year (e.g. income correction from 2026-01-01)', () => {
    const after = changed((r) => {
      r.burdenRatio.periods = [
        { ratio: 2, period: { from: '2025-08-01', to: '2025-12-31' } },
        { ratio: 1, period: { from: '2026-01-01', to: '2026-07-31' } },
      ];
    });
    // The shortened 2割 period is new too, but its ratio on its first day was already 2: no event for it.
    expect(diffInsuredRecords(record(), after)).toEqual([{ kind: 'burdenRatioChanged', from: 2, to: 1, effectiveOn: '2026-01-01' }]);
  });

  it('reports a care-level change with its renewed period, in that order', () => {
    const after = changed((r) => {
      r.eligibility.careLevel = 'care3';
      r.eligibility.certificationPeriod = { from: '2026-02-01', to: '2027-01-31' };
    });
    expect(diffInsuredRecords(record(), after)).toEqual([
      { kind: 'careLevelChanged', from: 'care1', to: 'care3' },
      {
        kind: 'certificationRenewed',
        previousPeriod: { from: '2025-04-01', to: '2027-03-31' },
        period: { from: '2026-02-01', to: '2027-01-31' },
      },
    ]);
  });

  it('reports the progress of a certification application step by step', () => {
    const applied = changed((r) => {
      r.certification = {
        appliedOn: '2026-11-02',
        applicationKind: 'renewal',
        status: 'applied',
        surveyOn: null,
        reviewBoardOn: null,
        decidedOn: null,
        resultCareLevel: null,
        resultPeriod: null,
      };
    });
    const surveyed = changed((r) => {
      r.certification = { ...(applied.certification as NonNullable<InsuredRecordContent['certification']>), status: 'surveyed', surveyOn: '2026-11-15' };
    });
    expect(diffInsuredRecords(record(), applied)).toEqual([{ kind: 'certificationProgress', from: null, to: 'applied' }]);
    expect(diffInsuredRecords(applied, surveyed)).toEqual([{ kind: 'certificationProgress', from: 'applied', to: 'surveyed' }]);
    expect(diffInsuredRecords(surveyed, surveyed)).toEqual([]);
  });

  it('reports disqualification with its date, an identity change, cost limits and benefit restrictions', () => {
    const after = changed((r) => {
      r.eligibility.disqualifiedOn = '2026-10-31';
      r.identity.address = '静岡県桜丘市栄町2-1';
      r.costLimitCertification = { stage: 'stage2', period: { from: '2026-08-01', to: '2027-07-31' }, issuedOn: '2026-07-20' };
      r.eligibility.benefitRestrictions = [{ content: '支払方法の変更', period: { from: '2026-09-01', to: '2027-02-28' } }];
    });
    expect(diffInsuredRecords(record(), after).map((e) => e.kind)).toEqual(['identityChanged', 'disqualified', 'costLimitChanged', 'benefitRestrictionChanged']);
    expect(diffInsuredRecords(record(), after)).toContainEqual({ kind: 'disqualified', disqualifiedOn: '2026-10-31' });
  });

  it('reports nothing for changes no notice is about (home-modification usage)', () => {
    const after = changed((r) => {
      r.homeModification.usedYen = 120_000;
    });
    expect(diffInsuredRecords(record(), after)).toEqual([]);
  });
});
