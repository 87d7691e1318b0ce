import { describe, expect, it } from 'vitest';
import { drawClinicalProfile, severityOf } from './clinical-profile.ts';
import { DIAGNOSES } from './clinical-texts.ts';
import { parseIsoDate } from './demo-dates.ts';
import { generateDemoData } from './generate-demo-data.ts';
import { generateAssessmentSurvey } from './generate-assessment-survey.ts';
import { createSeededRandom } from './seeded-random.ts';

const TODAY = parseIsoDate('2026-11-25');

describe('certification documents', () => {
  it('gives a 第2号被保険者 a 特定疾病 as the main diagnosis', () => {
    const rng = createSeededRandom(3);
    const specified = new Set(DIAGNOSES.filter((d) => d.specifiedDisease).map((d) => d.name));
    for (let i = 0; i < 300; i++) {
      const p = drawClinicalProfile(rng, { careLevel: 'care2', insuredKind: 'second', birthDay: parseIsoDate('1966-05-01'), today: TODAY });
      expect(specified.has(p.diagnoses[0]!.template.name)).toBe(true);
    }
  });

  it('answers the survey worse for 要介護5 than for 要支援1', () => {
    const rng = createSeededRandom(4);
    const record = generateDemoData({ seed: 1, size: 1, today: '2026-11-25' }).records[0]!;
    const worstShare = (level: 'support1' | 'care5'): number => {
      let worst = 0;
      let all = 0;
      for (let i = 0; i < 50; i++) {
        const profile = drawClinicalProfile(rng, { careLevel: level, insuredKind: 'first', birthDay: parseIsoDate('1940-01-01'), today: TODAY });
        const survey = generateAssessmentSurvey(rng, { record, profile, surveyedOn: TODAY - 10, surveyor: '調査員' });
        for (const g of survey.groups.filter((x) => x.group <= 2)) {
          for (const item of g.items) {
            all += 1;
            if (['できない', '全介助'].includes(item.answer)) worst += 1;
          }
        }
      }
      return worst / all;
    };
    expect(severityOf('support1')).toBe(0);
    expect(severityOf('care5')).toBe(6);
    expect(worstShare('support1')).toBeLessThan(0.05);
    expect(worstShare('care5')).toBeGreaterThan(0.3);
  });

  it('follows the official forms: five opinion sections, survey groups 1–7', () => {
    const d = generateDemoData({ seed: 1, size: 300, today: '2026-11-25' });
    const opinion = d.documents.find((x) => x.kind === 'doctorOpinion');
    const survey = d.documents.find((x) => x.kind === 'assessmentSurvey');
    expect(opinion?.kind === 'doctorOpinion' && opinion.sections.map((s) => s.heading)).toEqual([
      '1. 傷病に関する意見',
      '2. 特別な医療',
      '3. 心身の状態に関する意見',
      '4. 生活機能とサービスに関する意見',
      '5. 特記すべき事項',
    ]);
    expect(survey?.kind === 'assessmentSurvey' && survey.groups.map((g) => g.group)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Every application past the survey has its survey; past the opinion, its opinion.
    for (const r of d.records) {
      const c = r.certification;
      const live = r.insurerNumber !== '229039';
      if (!c || !live || c.status === 'decided') continue;
      const has = (kind: string): boolean => d.documents.some((x) => x.kind === kind && x.insuredNumber === r.insuredNumber && x.insurerNumber === r.insurerNumber);
      expect(has('assessmentSurvey')).toBe(['surveyed', 'opinionReceived', 'reviewScheduled'].includes(c.status));
      expect(has('doctorOpinion')).toBe(['opinionReceived', 'reviewScheduled'].includes(c.status));
    }
  });
});
