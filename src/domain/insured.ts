/**
 * The platform's record of one insured person (利用者 / 被保険者): the three panels of the
 * 被保険者証, the 負担割合証, the 負担限度額認定証, the 要介護認定 with its progress, and the
 * 住宅改修 / 福祉用具購入 usage. Server, feed, sync and app all exchange this one shape.
 */
import { z } from 'zod';
import { CareLevel } from './care-level.ts';
import { DatePeriod, InsuredNumber, InsurerNumber, IsoDate, IsoInstant, ProviderNumber } from './identifiers.ts';

export const Sex = z.enum(['male', 'female']);
export type Sex = z.infer<typeof Sex>;

/** Panel 1 of the 被保険者証: who the person is. */
export const InsuredIdentity = z.object({
  /** 氏名 (kanji). */
  name: z.string().min(1).max(60),
  /** フリガナ (full-width katakana, spaces allowed). */
  nameKana: z.string().regex(/^[\u30A0-\u30FF\u3000 ]+$/, 'フリガナは全角カタカナです').max(80),
  birthDate: IsoDate,
  sex: Sex,
  postalCode: z.string().regex(/^\d{3}-\d{4}$/, '郵便番号は123-4567形式です'),
  address: z.string().min(1).max(200),
});
export type InsuredIdentity = z.infer<typeof InsuredIdentity>;

/** うち種類支給限度基準額: a per-service-kind limit inside the monthly limit. */
export const ServiceKindLimit = z.object({ serviceKind: z.string().min(1).max(40), units: z.number().int().nonnegative() });

/** 給付制限: a restriction of benefits (e.g. for unpaid premiums). */
export const BenefitRestriction = z.object({
  content: z.string().min(1).max(200),
  period: DatePeriod,
});
export type BenefitRestriction = z.infer<typeof BenefitRestriction>;

/** 居宅介護支援事業者 届出: an assigned care-management office, possibly cancelled. */
export const AssignedCareManagementOffice = z.object({
  providerNumber: ProviderNumber,
  name: z.string().min(1).max(100),
  notifiedOn: IsoDate,
  cancelledOn: IsoDate.nullable(),
});
export type AssignedCareManagementOffice = z.infer<typeof AssignedCareManagementOffice>;

/** 介護保険施設等: a facility stay. */
export const FacilityStay = z.object({
  kind: z.string().min(1).max(60),
  name: z.string().min(1).max(100),
  admittedOn: IsoDate,
  dischargedOn: IsoDate.nullable(),
});

/** 被保険者証 (資格情報): panels 2 and 3 plus the issue and qualification dates. */
export const Eligibility = z.object({
  issuedOn: IsoDate,
  qualifiedOn: IsoDate,
  disqualifiedOn: IsoDate.nullable(),
  careLevel: CareLevel,
  certifiedOn: IsoDate.nullable(),
  certificationPeriod: DatePeriod.nullable(),
  /** 区分支給限度基準額: units per month over its own period. */
  benefitLimit: z.object({ period: DatePeriod, units: z.number().int().nonnegative() }).nullable(),
  serviceKindLimits: z.array(ServiceKindLimit),
  /** 認定審査会の意見及びサービスの種類の指定. */
  reviewBoardOpinion: z.string().max(400),
  benefitRestrictions: z.array(BenefitRestriction),
  assignedCareManagementOffices: z.array(AssignedCareManagementOffice),
  facilityStays: z.array(FacilityStay),
});
export type Eligibility = z.infer<typeof Eligibility>;

export const BurdenRatioValue = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type BurdenRatioValue = z.infer<typeof BurdenRatioValue>;

/** One period of the 負担割合証. */
export const BurdenRatioPeriod = z.object({ ratio: BurdenRatioValue, period: DatePeriod });
export type BurdenRatioPeriod = z.infer<typeof BurdenRatioPeriod>;

/** 負担割合証: issued with (usually) two periods, 8/1–7/31 years. */
export const BurdenRatioCertificate = z.object({
  issuedOn: IsoDate,
  periods: z.array(BurdenRatioPeriod).min(1).max(4),
});
export type BurdenRatioCertificate = z.infer<typeof BurdenRatioCertificate>;

export const COST_LIMIT_STAGES = ['stage1', 'stage2', 'stage3a', 'stage3b'] as const;
/** 負担限度額 段階: 第1段階 / 第2段階 / 第3段階① / 第3段階②. */
export const CostLimitStage = z.enum(COST_LIMIT_STAGES);
export type CostLimitStage = z.infer<typeof CostLimitStage>;

/** 負担限度額認定証: the stage and its period; daily limits come from the rules in force. */
export const CostLimitCertification = z.object({
  stage: CostLimitStage,
  period: DatePeriod,
  issuedOn: IsoDate,
});
export type CostLimitCertification = z.infer<typeof CostLimitCertification>;

export const CERTIFICATION_STATUSES = [
  'applied',
  'surveyScheduled',
  'surveyed',
  'opinionReceived',
  'reviewScheduled',
  'decided',
  'withdrawn',
] as const;
/** 要介護認定 申請の進捗: from application through survey, doctor's opinion and 審査会 to the decision. */
export const CertificationStatus = z.enum(CERTIFICATION_STATUSES);
export type CertificationStatus = z.infer<typeof CertificationStatus>;

export const CertificationApplicationKind = z.enum(['new', 'renewal', 'change']);
export type CertificationApplicationKind = z.infer<typeof CertificationApplicationKind>;

/** 要介護認定: the current (or last) application with its progress and result. */
export const Certification = z.object({
  appliedOn: IsoDate,
  applicationKind: CertificationApplicationKind,
  status: CertificationStatus,
  surveyOn: IsoDate.nullable(),
  reviewBoardOn: IsoDate.nullable(),
  decidedOn: IsoDate.nullable(),
  /** The result once decided; null while in progress. */
  resultCareLevel: CareLevel.nullable(),
  resultPeriod: DatePeriod.nullable(),
});
export type Certification = z.infer<typeof Certification>;

/** 住宅改修費: yen paid against the ¥200,000 per-dwelling limit since the last reset. */
export const HomeModificationUsage = z.object({
  usedYen: z.number().int().nonnegative(),
  /** The day the current count started (move, or +3 steps of care need). */
  countedSince: IsoDate,
});
export type HomeModificationUsage = z.infer<typeof HomeModificationUsage>;

/** 福祉用具購入費: yen paid in one fiscal year (4/1–3/31). */
export const WelfareEquipmentPurchaseUsage = z.object({
  fiscalYear: z.number().int().min(2000).max(2100),
  usedYen: z.number().int().nonnegative(),
});
export type WelfareEquipmentPurchaseUsage = z.infer<typeof WelfareEquipmentPurchaseUsage>;

/** Where a record's figures came from: the platform, or copied by hand from a paper card. */
export const RecordSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('platform') }),
  z.object({
    kind: z.literal('paper'),
    enteredBy: z.string().min(1),
    enteredAt: IsoInstant,
  }),
]);
export type RecordSource = z.infer<typeof RecordSource>;

/** The content of an insured person's record (what a feed supplies). */
export const InsuredRecordContent = z.object({
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
  identity: InsuredIdentity,
  eligibility: Eligibility,
  burdenRatio: BurdenRatioCertificate,
  costLimitCertification: CostLimitCertification.nullable(),
  certification: Certification.nullable(),
  homeModification: HomeModificationUsage,
  welfareEquipmentPurchases: z.array(WelfareEquipmentPurchaseUsage),
});
export type InsuredRecordContent = z.infer<typeof InsuredRecordContent>;

/** The record as stored and served: content plus provenance and a version bumped on each change. */
export const InsuredRecord = InsuredRecordContent.extend({
  source: RecordSource,
  version: z.number().int().positive(),
  updatedAt: IsoInstant,
});
export type InsuredRecord = z.infer<typeof InsuredRecord>;
