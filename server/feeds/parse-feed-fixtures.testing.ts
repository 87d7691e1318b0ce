/**
 * Test data for the feed reader and writer: a few hand-written records with every field filled, and fast-check
 * generators of valid feed files (synthetic names from small pools; text from a chosen set of characters, so that
 * Shift_JIS runs use only characters cp932 holds).
 */
import fc from 'fast-check';
import { CARE_LEVELS } from '../../src/domain/care-level.ts';
import { CERTIFICATION_STATUSES, COST_LIMIT_STAGES } from '../../src/domain/insured.ts';
import type { FeedFile, FeedRecord } from '../../src/protocol/feed.ts';

export type InsuredFeedRecord = Extract<FeedRecord, { kind: 'insured' }>;
export type DoctorOpinionRecord = Extract<FeedRecord, { kind: 'doctorOpinion' }>;
export type AssessmentSurveyRecord = Extract<FeedRecord, { kind: 'assessmentSurvey' }>;

/** An insured record with every optional part present and one item in each list. */
export const FULL_INSURED: InsuredFeedRecord = {
  kind: 'insured',
  insurerNumber: '229013',
  insuredNumber: '0000012345',
  identity: {
    name: '山田 花子',
    nameKana: 'ヤマダ　ハナコ',
    birthDate: '1940-03-05',
    sex: 'female',
    postalCode: '420-0001',
    address: '静岡県桜丘市本町1-2-3, "さくら荘"\r\n101号',
  },
  eligibility: {
    issuedOn: '2026-04-01',
    qualifiedOn: '2005-03-05',
    disqualifiedOn: '2027-01-31',
    careLevel: 'care2',
    certifiedOn: '2026-03-20',
    certificationPeriod: { from: '2026-04-01', to: '2027-03-31' },
    benefitLimit: { period: { from: '2026-04-01', to: '2027-03-31' }, units: 19705 },
    serviceKindLimits: [{ serviceKind: '訪問入浴介護', units: 3000 }],
    reviewBoardOpinion: '通所リハビリテーションの利用が望ましい',
    benefitRestrictions: [{ content: '支払方法変更（償還払い）', period: { from: '2026-06-01', to: '2027-05-31' } }],
    assignedCareManagementOffices: [
      { providerNumber: '2270100011', name: '居宅介護支援事業所さくら', notifiedOn: '2024-04-10', cancelledOn: '2026-03-31' },
      { providerNumber: '2270100029', name: 'ケアプランセンターつばき', notifiedOn: '2026-04-01', cancelledOn: null },
    ],
    facilityStays: [{ kind: '介護老人保健施設', name: '介護老人保健施設さくらの丘', admittedOn: '2025-10-01', dischargedOn: '2025-12-20' }],
  },
  burdenRatio: {
    issuedOn: '2026-07-10',
    periods: [
      { ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } },
      { ratio: 3, period: { from: '2026-08-01', to: '2027-07-31' } },
    ],
  },
  costLimitCertification: { stage: 'stage3a', period: { from: '2026-08-01', to: '2027-07-31' }, issuedOn: '2026-07-20' },
  certification: {
    appliedOn: '2026-11-01',
    applicationKind: 'change',
    status: 'decided',
    surveyOn: '2026-11-10',
    reviewBoardOn: '2026-11-20',
    decidedOn: '2026-11-22',
    resultCareLevel: 'care3',
    resultPeriod: { from: '2026-11-01', to: '2027-10-31' },
  },
  homeModification: { usedYen: 120000, countedSince: '2020-06-01' },
  welfareEquipmentPurchases: [
    { fiscalYear: 2025, usedYen: 35000 },
    { fiscalYear: 2026, usedYen: 18000 },
  ],
};

export const DOCTOR_OPINION: DoctorOpinionRecord = {
  kind: 'doctorOpinion',
  documentId: 'DO-2026-0001',
  insurerNumber: '229013',
  insuredNumber: '0000012345',
  clinicCode: '2210112345',
  clinicName: '桜丘内科クリニック',
  attendingPhysician: '佐藤 一郎',
  writtenOn: '2026-11-05',
  receivedOn: '2026-11-08',
  diagnoses: [
    { name: '脳梗塞後遺症', onsetOn: '2019-04-01' },
    { name: '高血圧症', onsetOn: null },
  ],
  physicalIndependence: 'A2',
  cognitiveIndependence: 'IIb',
  sections: [
    { heading: '1. 傷病に関する意見', body: '症状は安定している。' },
    { heading: '5. 特記すべき事項', body: '転倒に注意。\n夜間の見守りが必要。' },
  ],
};

export const ASSESSMENT_SURVEY: AssessmentSurveyRecord = {
  kind: 'assessmentSurvey',
  documentId: 'AS-2026-0001',
  insurerNumber: '229013',
  insuredNumber: '0000012345',
  surveyedOn: '2026-11-10',
  surveyor: '鈴木 恵子',
  place: '自宅',
  groups: [{ group: 1, title: '身体機能・起居動作', items: [{ item: '寝返り', answer: 'つかまれば可' }] }],
  specialNotes: '',
};

export const FULL_FILE: FeedFile = {
  format: 'tsunagi-insurer-feed',
  version: 1,
  insurerNumber: '229013',
  createdAt: '2026-11-25T06:00:00+09:00',
  records: [FULL_INSURED, DOCTOR_OPINION, ASSESSMENT_SURVEY],
};

/** Characters Shift_JIS (cp932) holds, with the ones CSV and the list syntax must escape. */
export const SJIS_TEXT_CHARS = [
  ...'山田花子佐藤鈴木高橋本町丁目番地号室静岡県桜丘市介護認定意見ー・（）「」、。々髙①',
  ...'あいうえおアイウエオｱｲｳ',
  ...'abcXYZ0129',
  ' ',
  '　',
  ',',
  '"',
  ';',
  ':',
  '\\',
  '\n',
  '\r\n',
  '～',
];

const FAMILY = ['山田', '佐藤', '鈴木', '高橋', '渡辺', '伊藤'];
const GIVEN = ['花子', '太郎', '一郎', '恵子', '清', 'ハル'];
const KANA = [...'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴヴー'];

const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(1900, 0, 1) / DAY;
const LAST_DAY = Date.UTC(2100, 11, 31) / DAY;

const isoOf = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const dayArb = fc.integer({ min: FIRST_DAY, max: LAST_DAY });
const dateArb = dayArb.map(isoOf);
const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const periodArb = fc.tuple(dayArb, dayArb).map(([a, b]) => ({ from: isoOf(Math.min(a, b)), to: isoOf(Math.max(a, b)) }));

/** Valid feed files whose free text is drawn from `chars`. */
export function feedFileArb(chars: fc.Arbitrary<string>): fc.Arbitrary<FeedFile> {
  // Units may be longer than one UTF-16 code unit ('\r\n', graphemes): take whole units up to the schema's limit.
  const text = (minLength: number, maxLength: number) =>
    fc.array(chars, { minLength, maxLength }).map((units) => {
      let out = '';
      for (const unit of units) {
        if (out.length + unit.length > maxLength) break;
        out += unit;
      }
      return out.length < minLength ? 'x'.repeat(minLength) : out;
    });
  const person = fc.record({
    identity: fc.record({
      name: fc.tuple(fc.constantFrom(...FAMILY), fc.constantFrom('', ' ', '　'), fc.constantFrom(...GIVEN)).map((p) => p.join('')),
      nameKana: fc.string({ unit: fc.constantFrom(...KANA, '　', ' '), minLength: 1, maxLength: 20 }),
      birthDate: dateArb,
      sex: fc.constantFrom('male' as const, 'female' as const),
      postalCode: fc.tuple(digits(3), digits(4)).map(([a, b]) => `${a}-${b}`),
      address: text(1, 30),
    }),
    eligibility: fc.record({
      issuedOn: dateArb,
      qualifiedOn: dateArb,
      disqualifiedOn: nullable(dateArb),
      careLevel: fc.constantFrom(...CARE_LEVELS),
      certifiedOn: nullable(dateArb),
      certificationPeriod: nullable(periodArb),
      benefitLimit: nullable(fc.record({ period: periodArb, units: fc.nat() })),
      serviceKindLimits: fc.array(fc.record({ serviceKind: text(1, 12), units: fc.nat() }), { maxLength: 3 }),
      reviewBoardOpinion: text(0, 40),
      benefitRestrictions: fc.array(fc.record({ content: text(1, 20), period: periodArb }), { maxLength: 3 }),
      assignedCareManagementOffices: fc.array(
        fc.record({ providerNumber: digits(10), name: text(1, 20), notifiedOn: dateArb, cancelledOn: nullable(dateArb) }),
        { maxLength: 3 },
      ),
      facilityStays: fc.array(fc.record({ kind: text(1, 10), name: text(1, 20), admittedOn: dateArb, dischargedOn: nullable(dateArb) }), {
        maxLength: 3,
      }),
    }),
    burdenRatio: fc.record({
      issuedOn: dateArb,
      // Distinct, sorted days taken two by two make periods that never overlap.
      periods: fc
        .uniqueArray(dayArb, { minLength: 2, maxLength: 8 })
        .chain((days) => {
          const sorted = [...days].sort((a, b) => a - b);
          const count = Math.floor(sorted.length / 2);
          return fc.array(fc.constantFrom(1 as const, 2 as const, 3 as const), { minLength: count, maxLength: count }).map((ratios) =>
            ratios.map((ratio, i) => ({ ratio, period: { from: isoOf(sorted[2 * i]!), to: isoOf(sorted[2 * i + 1]!) } })),
          );
        }),
    }),
    costLimitCertification: nullable(fc.record({ stage: fc.constantFrom(...COST_LIMIT_STAGES), period: periodArb, issuedOn: dateArb })),
    certification: nullable(
      fc.record({
        appliedOn: dateArb,
        applicationKind: fc.constantFrom('new' as const, 'renewal' as const, 'change' as const),
        status: fc.constantFrom(...CERTIFICATION_STATUSES),
        surveyOn: nullable(dateArb),
        reviewBoardOn: nullable(dateArb),
        decidedOn: nullable(dateArb),
        resultCareLevel: nullable(fc.constantFrom(...CARE_LEVELS)),
        resultPeriod: nullable(periodArb),
      }),
    ),
    homeModification: fc.record({ usedYen: fc.nat(), countedSince: dateArb }),
    welfareEquipmentPurchases: fc.array(fc.record({ fiscalYear: fc.integer({ min: 2000, max: 2100 }), usedYen: fc.nat() }), { maxLength: 3 }),
  });
  const doctorOpinion = fc.record({
    clinicCode: digits(10),
    clinicName: text(1, 20),
    attendingPhysician: text(1, 12),
    writtenOn: dateArb,
    receivedOn: dateArb,
    diagnoses: fc.array(fc.record({ name: text(1, 15), onsetOn: nullable(dateArb) }), { maxLength: 10 }),
    physicalIndependence: text(0, 8),
    cognitiveIndependence: text(0, 8),
    sections: fc.array(fc.record({ heading: text(1, 15), body: text(0, 40) }), { maxLength: 4 }),
  });
  const assessmentSurvey = fc.record({
    surveyedOn: dateArb,
    surveyor: text(1, 12),
    place: text(1, 12),
    groups: fc.array(
      fc.record({
        group: fc.integer({ min: 1, max: 7 }),
        title: text(0, 12),
        items: fc.array(fc.record({ item: text(0, 10), answer: text(0, 10) }), { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
    specialNotes: text(0, 40),
  });
  const documentIdArb = fc.string({ unit: fc.constantFrom(...'ABZabz019_-'), minLength: 1, maxLength: 64 });
  const slot = fc.oneof(
    { weight: 3, arbitrary: person.map((p) => ({ tag: 'insured' as const, p })) },
    { weight: 1, arbitrary: doctorOpinion.map((p) => ({ tag: 'doctorOpinion' as const, p })) },
    { weight: 1, arbitrary: assessmentSurvey.map((p) => ({ tag: 'assessmentSurvey' as const, p })) },
  );
  return fc
    .record({
      insurerNumber: digits(6),
      createdAt: fc.oneof(fc.constant('2026-11-25T06:00:00+09:00'), text(0, 20)),
      slots: fc.array(slot, { minLength: 1, maxLength: 6 }),
      insuredNumbers: fc.uniqueArray(digits(10), { minLength: 6, maxLength: 6 }),
      documentIds: fc.uniqueArray(documentIdArb, { minLength: 6, maxLength: 6 }),
    })
    .map(({ insurerNumber, createdAt, slots, insuredNumbers, documentIds }): FeedFile => ({
      format: 'tsunagi-insurer-feed',
      version: 1,
      insurerNumber,
      createdAt,
      records: slots.map((slot, i): FeedRecord => {
        const keys = { insurerNumber, insuredNumber: insuredNumbers[i]! };
        if (slot.tag === 'insured') return { kind: 'insured', ...keys, ...slot.p };
        // Documents may name any person, in the file or not; their ids are unique.
        if (slot.tag === 'doctorOpinion') return { kind: 'doctorOpinion', documentId: documentIds[i]!, ...keys, ...slot.p };
        return { kind: 'assessmentSurvey', documentId: documentIds[i]!, ...keys, ...slot.p };
      }),
    }));
}
