/**
 * Synthetic platform data for the server tests (never real people): two insurers, a care-management office
 * and a service provider, insured records with overrides, feed files and their bytes, and a helper that
 * loads the organisations and feed tokens into a database.
 */
import { createHash } from 'node:crypto';
import { type CertificationDocument, type InsuredRecordContent, type Insurer, InsuredRecordContent as InsuredRecordContentSchema, type Provider } from '../../src/domain/index.ts';
import { FeedFile, type FeedRecord } from '../../src/protocol/feed.ts';
import type { Queryable } from '../db/database.ts';
import { insertProviderLinks, upsertInsurers, upsertProviders } from '../db/organisation-store.ts';
import { addFeedCredential } from '../feeds/feed-credentials.ts';

export const INSURER_A: Insurer = { insurerNumber: '229011', name: '試験市', prefecture: '静岡県', platformLiveFrom: '2026-04-01' };
export const INSURER_B: Insurer = { insurerNumber: '229029', name: '見本町', prefecture: '静岡県', platformLiveFrom: '2026-10-01' };
export const TOKEN_A = 'test-feed-token-insurer-a-0001';
export const TOKEN_B = 'test-feed-token-insurer-b-0002';

export const OFFICE: Provider = { providerNumber: '2270100011', name: '試験居宅介護支援事業所', kind: 'careManagementOffice', serviceKinds: ['43'], areaGrade: 6, address: '静岡県試験市本町1-1' };
export const HOME_HELP: Provider = { providerNumber: '2270100029', name: '試験訪問介護ステーション', kind: 'serviceProvider', serviceKinds: ['11'], areaGrade: 6, address: '静岡県試験市栄町2-2' };

export const NOW = new Date('2026-07-10T01:00:00.000Z');
export const fixedClock = (): Date => NOW;

/** A synthetic person of insurer A, 要介護1, 2割 for 2025-08-01…2026-07-31. */
export function makeRecord(insuredNumber: string, edit: (r: InsuredRecordContent) => void = () => {}, insurerNumber = INSURER_A.insurerNumber): InsuredRecordContent {
  const serial = Number(insuredNumber.slice(-4));
  const record: InsuredRecordContent = {
    insurerNumber,
    insuredNumber,
    identity: {
      name: `試験 太郎${serial}`,
      nameKana: `シケン タロウ${'アイウエオカキクケコ'[serial % 10] ?? 'ア'}`,
      birthDate: '1942-03-04',
      sex: 'male',
      postalCode: '437-0101',
      address: `静岡県試験市本町${(serial % 9) + 1}-1`,
    },
    eligibility: {
      issuedOn: '2025-04-01',
      qualifiedOn: '2007-03-01',
      disqualifiedOn: null,
      careLevel: 'care1',
      certifiedOn: '2025-03-20',
      certificationPeriod: { from: '2025-04-01', to: '2027-03-31' },
      benefitLimit: { period: { from: '2025-04-01', to: '2027-03-31' }, units: 16765 },
      serviceKindLimits: [],
      reviewBoardOpinion: '',
      benefitRestrictions: [],
      assignedCareManagementOffices: [{ providerNumber: OFFICE.providerNumber, name: OFFICE.name, notifiedOn: '2025-04-05', cancelledOn: null }],
      facilityStays: [],
    },
    burdenRatio: { issuedOn: '2025-07-10', periods: [{ ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } }] },
    costLimitCertification: null,
    certification: null,
    homeModification: { usedYen: 0, countedSince: '2007-03-01' },
    welfareEquipmentPurchases: [],
  };
  edit(record);
  return InsuredRecordContentSchema.parse(record);
}

export function insuredNumberOf(n: number): string {
  return String(n).padStart(10, '0');
}

export function makeDoctorOpinion(documentId: string, insuredNumber: string, insurerNumber = INSURER_A.insurerNumber): CertificationDocument {
  return {
    kind: 'doctorOpinion',
    documentId,
    insurerNumber,
    insuredNumber,
    clinicCode: '2210100013',
    clinicName: '試験内科医院',
    attendingPhysician: '試験 医師',
    writtenOn: '2026-06-20',
    receivedOn: '2026-06-25',
    diagnoses: [{ name: '高血圧症', onsetOn: null }],
    physicalIndependence: 'A1',
    cognitiveIndependence: 'I',
    sections: [{ heading: '特記事項', body: '試験用の記載です。' }],
  };
}

export function makeFeed(records: readonly (InsuredRecordContent | CertificationDocument)[], insurerNumber = INSURER_A.insurerNumber): FeedFile {
  const feedRecords: FeedRecord[] = records.map((r) => ('kind' in r ? r : { kind: 'insured' as const, ...r }));
  return FeedFile.parse({ format: 'tsunagi-insurer-feed', version: 1, insurerNumber, createdAt: '2026-07-10T06:00:00+09:00', records: feedRecords });
}

export function feedBytes(file: FeedFile): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(file, null, 2));
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function feedMeta(file: FeedFile, fileName = 'feed.json'): { fileName: string; sha256: string; encoding: string } {
  return { fileName, sha256: sha256Hex(feedBytes(file)), encoding: 'utf-8' };
}

/** Insurers A and B with their feed tokens, the office and the home-help provider. */
export async function loadOrganisations(q: Queryable): Promise<void> {
  await upsertInsurers(q, [INSURER_A, INSURER_B]);
  await upsertProviders(q, [OFFICE, HOME_HELP]);
  await addFeedCredential(q, INSURER_A.insurerNumber, TOKEN_A, 'insurer A', NOW.toISOString());
  await addFeedCredential(q, INSURER_B.insurerNumber, TOKEN_B, 'insurer B', NOW.toISOString());
}

export async function link(q: Queryable, providerNumber: string, records: readonly InsuredRecordContent[]): Promise<void> {
  await insertProviderLinks(q, records.map((r) => ({ providerNumber, insurerNumber: r.insurerNumber, insuredNumber: r.insuredNumber })));
}
