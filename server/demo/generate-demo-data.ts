/**
 * The synthetic demo dataset: three insurers, a small care network (one 居宅介護支援事業所 and three service
 * providers) with its staff, `size` insured people with realistic records, the 主治医意見書 and 認定調査票 the
 * platform holds for them, and which provider serves whom. Deterministic: the same seed, size and `today`
 * give the same dataset, because every draw comes from one seeded stream and the clock is never read.
 */
import { z } from 'zod';
import {
  CARE_LEVELS,
  type AssessmentSurvey,
  type CareLevel,
  type DoctorOpinion,
  type InsuredRecordContent,
  type Insurer,
  type Provider,
  type Staff,
  InsuredNumber,
  InsurerNumber,
  IsoDate,
  ProviderNumber,
} from '../../src/domain/index.ts';
import { drawClinicalProfile } from './clinical-profile.ts';
import { parseIsoDate } from './demo-dates.ts';
import { DemoDataError } from './demo-error.ts';
import {
  DEMO_CARE_MANAGEMENT_OFFICE,
  DEMO_DAY_SERVICE_PROVIDER,
  DEMO_HOME_HELP_PROVIDER,
  DEMO_PROVIDERS,
  DEMO_TOWNS,
  DEMO_WELFARE_EQUIPMENT_PROVIDER,
  demoClinics,
  demoStaff,
  type DemoClinic,
} from './demo-organisations.ts';
import { generateAssessmentSurvey } from './generate-assessment-survey.ts';
import { generateDoctorOpinion } from './generate-doctor-opinion.ts';
import { generateInsuredRecord } from './generate-insured-record.ts';
import { isInsurerLive } from './is-insurer-live.ts';
import { FAMILY_NAMES, WORKING_AGE_GIVEN_NAMES, joinName } from './name-pools.ts';
import { planDemoTraits, type DemoTraits } from './plan-demo-traits.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

export const DEFAULT_DEMO_SIZE = 300;
export const MAX_DEMO_SIZE = 200_000;

export const DemoOptions = z.object({
  seed: z.number().int().safe(),
  size: z.number().int().min(1).max(MAX_DEMO_SIZE),
  /** The day the dataset is seen from, `YYYY-MM-DD` (Asia/Tokyo calendar day). */
  today: IsoDate,
});
export type DemoOptions = z.infer<typeof DemoOptions>;

/** Which provider serves which insured person. */
export const DemoLink = z.object({ providerNumber: ProviderNumber, insurerNumber: InsurerNumber, insuredNumber: InsuredNumber });
export type DemoLink = z.infer<typeof DemoLink>;

export interface DemoDataset {
  readonly insurers: Insurer[];
  readonly providers: Provider[];
  readonly staff: Staff[];
  readonly records: InsuredRecordContent[];
  /** Certification documents of people whose insurer is on the platform on `today`. */
  readonly documents: (DoctorOpinion | AssessmentSurvey)[];
  readonly links: DemoLink[];
}

/** Shares of the documents among people of insurers on the platform. */
const DOCTOR_OPINION_SHARE = 0.39;
const SURVEY_SHARE_WITH_OPINION = 0.74;

export function generateDemoData(options: DemoOptions): DemoDataset {
  const parsed = DemoOptions.safeParse(options);
  if (!parsed.success) throw new DemoDataError('DEMO_INVALID_OPTIONS', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { seed, size, today: todayIso } = parsed.data;
  const today = parseIsoDate(todayIso);
  const rng = createSeededRandom(seed);
  const traits = planDemoTraits(rng, size, DEMO_TOWNS.map((t) => t.share));
  const usedNumbers = DEMO_TOWNS.map(() => new Set<string>());
  const live = DEMO_TOWNS.map((t) => isInsurerLive(t.insurer, todayIso));
  const clinics = demoClinics();
  const surveyors = demoSurveyors();

  const records: InsuredRecordContent[] = [];
  const documents: (DoctorOpinion | AssessmentSurvey)[] = [];
  const links: DemoLink[] = [];
  for (const t of traits) {
    const town = DEMO_TOWNS[t.townIndex] ?? (DEMO_TOWNS[0] as (typeof DEMO_TOWNS)[number]);
    const generated = generateInsuredRecord({ rng, today, town, usedInsuredNumbers: usedNumbers[t.townIndex] as Set<string> }, t);
    const record = generated.record;
    records.push(record);
    if (live[t.townIndex]) {
      documents.push(
        ...drawDocuments(rng, today, t, record, {
          assessedCareLevel: generated.assessedCareLevel,
          birthDay: generated.birthDay,
          clinics,
          surveyors: surveyors[t.townIndex] ?? [],
        }),
      );
    }
    links.push(...drawLinks(rng, t, record));
  }

  return {
    insurers: DEMO_TOWNS.map((t) => ({ ...t.insurer })),
    providers: DEMO_PROVIDERS.map((p) => ({ ...p, serviceKinds: [...p.serviceKinds] })),
    staff: demoStaff(),
    records,
    documents,
    links,
  };
}

/** Three 認定調査員 per town, fixed across seeds. */
function demoSurveyors(): string[][] {
  const rng = createSeededRandom(0x5e7);
  return DEMO_TOWNS.map((town) =>
    Array.from({ length: 3 }, () => `${joinName(rng.pick(FAMILY_NAMES), rng.pick(WORKING_AGE_GIVEN_NAMES)).name}（${town.insurer.name}）`),
  );
}

const STATUS_STEP = ['applied', 'surveyScheduled', 'surveyed', 'opinionReceived', 'reviewScheduled', 'decided'] as const;

/**
 * The survey and opinion behind the person's latest certification: an application under way has the documents
 * its status says exist (surveyed → survey; opinionReceived and later → both); a past decision keeps them for
 * about 40% (opinion) and 30% (survey) of people.
 */
function drawDocuments(
  rng: SeededRandom,
  today: number,
  traits: DemoTraits,
  record: InsuredRecordContent,
  extra: { assessedCareLevel: CareLevel; birthDay: number; clinics: readonly DemoClinic[]; surveyors: readonly string[] },
): (DoctorOpinion | AssessmentSurvey)[] {
  const cert = record.certification;
  if (!cert) return [];
  const inProgress = traits.renewalInProgress || traits.changeInProgress || traits.newApplicationInProgress;
  const step = STATUS_STEP.indexOf(cert.status as (typeof STATUS_STEP)[number]);
  let hasSurvey: boolean;
  let hasOpinion: boolean;
  if (inProgress) {
    hasSurvey = step >= 2;
    hasOpinion = step >= 3;
  } else {
    hasOpinion = rng.chance(DOCTOR_OPINION_SHARE);
    hasSurvey = hasOpinion && rng.chance(SURVEY_SHARE_WITH_OPINION);
  }
  if (!hasSurvey && !hasOpinion) return [];

  const profile = drawClinicalProfile(rng, { careLevel: extra.assessedCareLevel, insuredKind: traits.insuredKind, birthDay: extra.birthDay, today });
  const appliedOn = parseIsoDate(cert.appliedOn);
  const documents: (DoctorOpinion | AssessmentSurvey)[] = [];
  if (hasSurvey && cert.surveyOn !== null) {
    documents.push(generateAssessmentSurvey(rng, { record, profile, surveyedOn: parseIsoDate(cert.surveyOn), surveyor: rng.pick(extra.surveyors) }));
  }
  if (hasOpinion) {
    // The opinion reaches the insurer before the 審査会 (or by today while the application is under way).
    const latest = cert.decidedOn !== null ? parseIsoDate(cert.decidedOn) - 3 : today;
    const writtenOn = Math.max(appliedOn, Math.min(appliedOn + rng.int(3, 14), latest - 1));
    const receivedOn = Math.max(writtenOn, Math.min(writtenOn + rng.int(1, 6), latest));
    const clinic = rng.weighted(extra.clinics.map((c) => [c, c.townIndex === traits.townIndex ? 3 : 1] as const));
    documents.push(generateDoctorOpinion(rng, { record, profile, clinic, writtenOn, receivedOn }));
  }
  return documents;
}

/** Probability that each service provider serves a person, by care level. */
function serviceChances(level: CareLevel): { homeHelp: number; dayService: number; equipment: number } {
  const step = CARE_LEVELS.indexOf(level) - CARE_LEVELS.indexOf('support1');
  if (level === 'programTarget') return { homeHelp: 0.1, dayService: 0.3, equipment: 0 };
  if (step <= 1) return { homeHelp: 0.15, dayService: 0.3, equipment: 0.05 };
  if (step === 2) return { homeHelp: 0.35, dayService: 0.5, equipment: 0.1 };
  if (step === 3) return { homeHelp: 0.35, dayService: 0.5, equipment: 0.5 };
  if (step === 4) return { homeHelp: 0.45, dayService: 0.35, equipment: 0.6 };
  return { homeHelp: 0.45, dayService: 0.35, equipment: 0.75 };
}

/** The care-management office serves everyone; each service provider a subset that fits its service. */
function drawLinks(rng: SeededRandom, traits: DemoTraits, record: InsuredRecordContent): DemoLink[] {
  const key = { insurerNumber: record.insurerNumber, insuredNumber: record.insuredNumber };
  const links: DemoLink[] = [{ providerNumber: DEMO_CARE_MANAGEMENT_OFFICE.providerNumber, ...key }];
  const chance = serviceChances(traits.careLevel);
  if (rng.chance(chance.homeHelp)) links.push({ providerNumber: DEMO_HOME_HELP_PROVIDER.providerNumber, ...key });
  if (rng.chance(chance.dayService)) links.push({ providerNumber: DEMO_DAY_SERVICE_PROVIDER.providerNumber, ...key });
  if (rng.chance(traits.welfareEquipmentPurchase ? Math.max(0.7, chance.equipment) : chance.equipment)) {
    links.push({ providerNumber: DEMO_WELFARE_EQUIPMENT_PROVIDER.providerNumber, ...key });
  }
  return links;
}
