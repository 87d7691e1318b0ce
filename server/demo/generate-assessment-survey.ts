/**
 * Writes a synthetic 認定調査票 (AssessmentSurvey): the 基本調査 answers of groups 1–5 chosen from the person's
 * physical and cognitive need with a little noise, group 6 (特別な医療) and group 7 (日常生活自立度) from the
 * clinical profile, and 特記事項 sentences that match the answers given.
 */
import type { AssessmentSurvey, InsuredRecordContent } from '../../src/domain/index.ts';
import type { ClinicalProfile } from './clinical-profile.ts';
import { LIVING_SITUATIONS, SPECIAL_MEDICAL_ITEMS, SURVEY_GROUPS, SURVEY_NOTES } from './clinical-texts.ts';
import { formatIsoDate } from './demo-dates.ts';
import type { SeededRandom } from './seeded-random.ts';

export interface AssessmentSurveyInput {
  readonly record: InsuredRecordContent;
  readonly profile: ClinicalProfile;
  readonly surveyedOn: number;
  readonly surveyor: string;
}

export function generateAssessmentSurvey(rng: SeededRandom, input: AssessmentSurveyInput): AssessmentSurvey {
  const { record, profile } = input;
  const notes: string[] = [`（概況）${rng.pick(LIVING_SITUATIONS)}`];
  const groups: AssessmentSurvey['groups'] = SURVEY_GROUPS.map(({ group, title, items }) => ({
    group,
    title,
    items: items.map((it) => {
      const need = (it.driver === 'physical' ? profile.physicalSeverity : profile.cognitiveSeverity) + it.offset + (rng.next() - 0.5) * 1.6;
      const index = Math.min(it.choices.length - 1, Math.max(0, Math.round((need / 6) * (it.choices.length - 1))));
      const note = SURVEY_NOTES[it.item]?.[index];
      if (note) notes.push(`${it.item}：${note}`);
      return { item: it.item, answer: it.choices[index] ?? '' };
    }),
  }));
  groups.push({
    group: 6,
    title: '特別な医療',
    items: SPECIAL_MEDICAL_ITEMS.map((name, i) => ({ item: `6-${i + 1} ${name}`, answer: profile.specialMedical.includes(name) ? 'ある' : 'ない' })),
  });
  groups.push({
    group: 7,
    title: '日常生活自立度',
    items: [
      { item: '障害高齢者の日常生活自立度', answer: profile.physicalIndependence },
      { item: '認知症高齢者の日常生活自立度', answer: profile.cognitiveIndependence },
    ],
  });

  const place = rng.weighted<string>([['自宅', 85], ['入院先の病院', 10], ['介護老人保健施設（入所中）', 5]]);
  return {
    kind: 'assessmentSurvey',
    documentId: `as-${record.insurerNumber}-${record.insuredNumber}-${formatIsoDate(input.surveyedOn).replaceAll('-', '')}`,
    insurerNumber: record.insurerNumber,
    insuredNumber: record.insuredNumber,
    surveyedOn: formatIsoDate(input.surveyedOn),
    surveyor: input.surveyor,
    place,
    groups,
    specialNotes: notes.join('\n'),
  };
}
