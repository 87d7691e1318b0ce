/**
 * Synthetic insured records for unit tests (never real people): a valid record with every panel filled, and
 * overrides for the fields a test is about.
 */
import type { InsuredRecord } from '../domain/insured.ts';
import type { Insurer, Provider } from '../domain/organisations.ts';
import type { PeopleResponse } from '../protocol/people.ts';

export function makeInsuredRecord(overrides: {
  insurerNumber?: string;
  insuredNumber?: string;
  name?: string;
  nameKana?: string;
  careLevel?: InsuredRecord['eligibility']['careLevel'];
  burdenPeriods?: InsuredRecord['burdenRatio']['periods'];
  certificationPeriod?: InsuredRecord['eligibility']['certificationPeriod'];
} = {}): InsuredRecord {
  return {
    insurerNumber: overrides.insurerNumber ?? '131016',
    insuredNumber: overrides.insuredNumber ?? '0000000001',
    identity: {
      name: overrides.name ?? '試験 花子',
      nameKana: overrides.nameKana ?? 'シケン ハナコ',
      birthDate: '1940-04-01',
      sex: 'female',
      postalCode: '100-0001',
      address: '東京都千代田区試験町1-1',
    },
    eligibility: {
      issuedOn: '2024-04-01',
      qualifiedOn: '2005-04-01',
      disqualifiedOn: null,
      careLevel: overrides.careLevel ?? 'care2',
      certifiedOn: '2024-03-20',
      certificationPeriod: overrides.certificationPeriod === undefined ? { from: '2024-04-01', to: '2026-03-31' } : overrides.certificationPeriod,
      benefitLimit: { period: { from: '2024-04-01', to: '2026-03-31' }, units: 19705 },
      serviceKindLimits: [],
      reviewBoardOpinion: '',
      benefitRestrictions: [],
      assignedCareManagementOffices: [],
      facilityStays: [],
    },
    burdenRatio: {
      issuedOn: '2024-07-01',
      periods: overrides.burdenPeriods ?? [
        { ratio: 1, period: { from: '2024-08-01', to: '2025-07-31' } },
        { ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } },
      ],
    },
    costLimitCertification: null,
    certification: null,
    homeModification: { usedYen: 0, countedSince: '2005-04-01' },
    welfareEquipmentPurchases: [],
    source: { kind: 'platform' },
    version: 1,
    updatedAt: '2024-07-01T00:00:00.000Z',
  };
}

export const TEST_INSURER: Insurer = { insurerNumber: '131016', name: '千代田区', prefecture: '東京都', platformLiveFrom: '2026-04-01' };

export function makeProvider(providerNumber: string, kind: Provider['kind'] = 'careManagementOffice', name = `試験事業所${providerNumber.slice(-2)}`): Provider {
  return { providerNumber, name, kind, serviceKinds: [kind === 'careManagementOffice' ? '43' : '11'], areaGrade: 1, address: '東京都千代田区' };
}

export function makeSnapshot(providerNumber: string, people: InsuredRecord[], fetchedAt = '2025-09-01T01:02:03.000Z'): PeopleResponse {
  return { provider: makeProvider(providerNumber), insurers: [TEST_INSURER], people, fetchedAt };
}
