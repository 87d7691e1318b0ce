/**
 * A synthetic person's clinical picture, drawn once and shared by their 主治医意見書 and 認定調査票 so the two
 * documents agree: diagnoses with onset days, the two 日常生活自立度 ratings, and how much physical and
 * cognitive help they need (0 = 要支援1 level … 6 = 要介護5 level).
 */
import { CARE_LEVELS, type CareLevel } from '../../src/domain/index.ts';
import { DIAGNOSES, type DiagnosisTemplate, type SpecialMedicalItem } from './clinical-texts.ts';
import type { InsuredKind } from './plan-demo-traits.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface ClinicalProfile {
  /** Main diagnosis first. */
  readonly diagnoses: readonly { readonly template: DiagnosisTemplate; readonly onsetOn: number | null }[];
  readonly dementia: boolean;
  /** 障害高齢者の日常生活自立度 (寝たきり度): J1 … C2. */
  readonly physicalIndependence: string;
  /** 認知症高齢者の日常生活自立度: 自立, I … M. */
  readonly cognitiveIndependence: string;
  readonly physicalSeverity: number;
  readonly cognitiveSeverity: number;
  readonly specialMedical: readonly SpecialMedicalItem[];
  /** 症状としての安定性. */
  readonly stable: boolean;
}

const PHYSICAL_BY_SEVERITY: readonly (readonly string[])[] = [
  ['J1', 'J2'],
  ['J2', 'A1'],
  ['A1', 'A2'],
  ['A2', 'B1'],
  ['B1', 'B2'],
  ['B2', 'C1'],
  ['C1', 'C2'],
];
const COGNITIVE_SCALE = ['自立', 'I', 'IIa', 'IIb', 'IIIa', 'IIIb', 'IV', 'M'] as const;
/** How much cognitive help each 認知症自立度 implies, on the 0–6 scale. */
const COGNITIVE_SEVERITY = [0, 1, 2.5, 3.5, 4.5, 5, 6, 6] as const;

/** 0 for 事業対象者 and 要支援1 up to 6 for 要介護5. */
export function severityOf(level: CareLevel): number {
  return Math.max(0, CARE_LEVELS.indexOf(level) - CARE_LEVELS.indexOf('support1'));
}

export function drawClinicalProfile(
  rng: SeededRandom,
  input: { readonly careLevel: CareLevel; readonly insuredKind: InsuredKind; readonly birthDay: number; readonly today: number },
): ClinicalProfile {
  const severity = severityOf(input.careLevel);
  // A 第2号被保険者 is certified only for a 特定疾病.
  const mains = DIAGNOSES.filter((d) => d.weight > 0 && (input.insuredKind === 'first' || d.specifiedDisease));
  const main = rng.weighted(mains.map((d) => [d, d.weight] as const));
  const others = DIAGNOSES.filter((d) => d !== main && (d.weight === 0 || rng.chance(0.1)));
  const secondary = rng.sample(others, rng.weighted<number>([[0, 25], [1, 45], [2, 30]]));
  const earliest = input.birthDay + 365 * 30;
  const diagnoses = [main, ...secondary].map((template, i) => {
    if (i > 0 && rng.chance(0.1)) return { template, onsetOn: null };
    const [low, high] = template.onsetYearsAgo;
    return { template, onsetOn: Math.max(earliest, input.today - rng.int(low * 365, high * 365 + 364)) };
  });

  const dementia = diagnoses.some((d) => d.template.dementia);
  const cognitiveIndex = dementia
    ? Math.min(severity >= 5 && rng.chance(0.15) ? 7 : 6, Math.max(1, 2 + Math.floor(severity * 0.6) + rng.int(-1, 1)))
    : Math.min(2, Math.max(0, Math.round(severity / 3) + rng.int(-1, 1)));
  const specialMedical = diagnoses
    .map((d) => d.template.specialMedical)
    .filter((s): s is NonNullable<DiagnosisTemplate['specialMedical']> => s !== undefined && rng.chance(s.probability))
    .map((s) => s.item);
  if (severity >= 5 && rng.chance(0.2)) specialMedical.push('じょくそうの処置');

  return {
    diagnoses,
    dementia,
    physicalIndependence: rng.pick(PHYSICAL_BY_SEVERITY[severity] ?? ['J2']),
    cognitiveIndependence: COGNITIVE_SCALE[cognitiveIndex] ?? '自立',
    physicalSeverity: severity,
    cognitiveSeverity: COGNITIVE_SEVERITY[cognitiveIndex] ?? 0,
    specialMedical: [...new Set(specialMedical)],
    stable: rng.chance(0.8),
  };
}
