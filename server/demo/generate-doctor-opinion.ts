/**
 * Writes a synthetic 主治医意見書 (DoctorOpinion) from a clinical profile, section by section as on the official
 * form: 1 傷病に関する意見, 2 特別な医療, 3 心身の状態に関する意見, 4 生活機能とサービスに関する意見,
 * 5 特記すべき事項.
 */
import type { DoctorOpinion, InsuredRecordContent } from '../../src/domain/index.ts';
import type { ClinicalProfile } from './clinical-profile.ts';
import { MOBILITY_BY_SEVERITY, RISKS_BY_SEVERITY } from './clinical-texts.ts';
import { civilOf, formatIsoDate } from './demo-dates.ts';
import type { DemoClinic } from './demo-organisations.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface DoctorOpinionInput {
  readonly record: InsuredRecordContent;
  readonly profile: ClinicalProfile;
  readonly clinic: DemoClinic;
  readonly writtenOn: number;
  readonly receivedOn: number;
}

const NOTES = [
  '独居であり、服薬や体調の変化を確認できる体制が望ましい。',
  '家族の介護負担が大きく、介護者の休息のためにも通所系サービスの利用が望ましい。',
  '本人はできる限り自宅での生活を続けることを希望している。',
  '定期的に通院しており、状態は概ね把握できている。',
  '季節の変わり目に体調を崩しやすい。',
];

export function generateDoctorOpinion(rng: SeededRandom, input: DoctorOpinionInput): DoctorOpinion {
  const { record, profile, clinic } = input;
  const main = profile.diagnoses[0]?.template;
  const sev = profile.physicalSeverity;
  const onsetText = (day: number | null): string => {
    if (day === null) return '発症時期不詳';
    const { year, month } = civilOf(day);
    return `${year}年${month}月頃発症`;
  };

  const section1 = [
    `(1) 診断名：${profile.diagnoses.map((d) => `${d.template.name}（${onsetText(d.onsetOn)}）`).join('、')}`,
    `(2) 症状としての安定性：${profile.stable ? '安定' : '不安定（状態の変動があり、経過観察を要する）'}`,
    `(3) 経過及び治療内容：${main?.course ?? ''}${main?.medication ?? ''}`,
  ].join('\n');
  const section2 = profile.specialMedical.length > 0 ? `${profile.specialMedical.join('、')}（過去14日間以内）` : 'なし';
  const memory = profile.cognitiveSeverity >= 2 ? '問題あり' : '問題なし';
  const decision = profile.cognitiveSeverity >= 5 ? '判断できない' : profile.cognitiveSeverity >= 3 ? '見守りが必要' : profile.cognitiveSeverity >= 1 ? 'いくらか困難' : '自立';
  const section3 = [
    `(1) 日常生活の自立度：障害高齢者の日常生活自立度 ${profile.physicalIndependence}、認知症高齢者の日常生活自立度 ${profile.cognitiveIndependence}`,
    `(2) 認知症の中核症状：短期記憶 ${memory}、日常の意思決定を行うための認知能力 ${decision}`,
    `(3) 身体の状態：${bodyState(rng, main?.name ?? '', sev)}`,
  ].join('\n');
  const section4 = [
    `(1) 移動：${MOBILITY_BY_SEVERITY[sev] ?? ''}`,
    `(2) 栄養・食生活：${sev >= 5 ? '食事に介助を要し、摂取量にむらがある。' : '良好。'}`,
    `(3) 現在あるかまたは今後発生の可能性の高い状態：${RISKS_BY_SEVERITY[sev] ?? ''}`,
    `(4) サービス利用による生活機能の維持・改善の見通し：${sev <= 3 ? '期待できる' : '不明'}`,
    `(5) 医学的管理の必要性：${main?.recommended ?? ''}`,
    `(6) サービス提供時における医学的観点からの留意事項：${main?.caution ?? ''}`,
  ].join('\n');

  return {
    kind: 'doctorOpinion',
    documentId: `do-${record.insurerNumber}-${record.insuredNumber}-${formatIsoDate(input.writtenOn).replaceAll('-', '')}`,
    insurerNumber: record.insurerNumber,
    insuredNumber: record.insuredNumber,
    clinicCode: clinic.clinicCode,
    clinicName: clinic.name,
    attendingPhysician: rng.pick(clinic.physicians),
    writtenOn: formatIsoDate(input.writtenOn),
    receivedOn: formatIsoDate(input.receivedOn),
    diagnoses: profile.diagnoses.map((d) => ({ name: d.template.name, onsetOn: d.onsetOn === null ? null : formatIsoDate(d.onsetOn) })),
    physicalIndependence: profile.physicalIndependence,
    cognitiveIndependence: profile.cognitiveIndependence,
    sections: [
      { heading: '1. 傷病に関する意見', body: section1 },
      { heading: '2. 特別な医療', body: section2 },
      { heading: '3. 心身の状態に関する意見', body: section3 },
      { heading: '4. 生活機能とサービスに関する意見', body: section4 },
      { heading: '5. 特記すべき事項', body: rng.pick(NOTES) },
    ],
  };
}

/** 身体の状態 in a few words that fit the main diagnosis. */
function bodyState(rng: SeededRandom, mainDiagnosis: string, severity: number): string {
  if (mainDiagnosis.includes('麻痺') || mainDiagnosis.includes('脳出血')) return '片側上下肢の麻痺あり。';
  if (mainDiagnosis.includes('パーキンソン')) return '安静時振戦と筋固縮あり。';
  if (mainDiagnosis.includes('膝') || mainDiagnosis.includes('リウマチ')) return '関節の痛みと変形あり。';
  if (severity <= 2) return rng.pick(['明らかな麻痺はない。', '下肢の筋力低下あり。']);
  return rng.pick(['下肢の筋力低下あり。', '筋力低下あり、立位が不安定。']);
}
