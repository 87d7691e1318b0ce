/**
 * Change events: what changed in an insured person's record, produced when a feed is applied.
 * They become notices for the staff who serve that person (see the notices feature).
 */
import { z } from 'zod';
import { CareLevel } from './care-level.ts';
import { BurdenRatioValue } from './insured.ts';
import { DatePeriod, InsuredNumber, InsurerNumber, IsoDate } from './identifiers.ts';
import { CertificationStatus } from './insured.ts';

export const ChangeEventDetail = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('insuredAdded') }),
  /** 負担割合 changes: e.g. 2割 → 3割 from 2026-08-01. */
  z.object({ kind: z.literal('burdenRatioChanged'), from: BurdenRatioValue.nullable(), to: BurdenRatioValue, effectiveOn: IsoDate }),
  z.object({ kind: z.literal('careLevelChanged'), from: CareLevel, to: CareLevel }),
  /** A new 認定有効期間 replaced the previous one. */
  z.object({ kind: z.literal('certificationRenewed'), previousPeriod: DatePeriod.nullable(), period: DatePeriod }),
  z.object({ kind: z.literal('certificationProgress'), from: CertificationStatus.nullable(), to: CertificationStatus }),
  z.object({ kind: z.literal('doctorOpinionReceived'), documentId: z.string(), receivedOn: IsoDate }),
  z.object({ kind: z.literal('assessmentSurveyReceived'), documentId: z.string(), surveyedOn: IsoDate }),
  z.object({ kind: z.literal('costLimitChanged') }),
  z.object({ kind: z.literal('benefitRestrictionChanged') }),
  z.object({ kind: z.literal('disqualified'), disqualifiedOn: IsoDate }),
  z.object({ kind: z.literal('identityChanged') }),
]);
export type ChangeEventDetail = z.infer<typeof ChangeEventDetail>;
export type ChangeEventKind = ChangeEventDetail['kind'];

export const ChangeEvent = z.object({
  eventId: z.number().int().positive(),
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
  detail: ChangeEventDetail,
  /** When the server recorded it (UTC). */
  recordedAt: z.string(),
  /** The feed upload that produced it, if any. */
  feedId: z.number().int().positive().nullable(),
});
export type ChangeEvent = z.infer<typeof ChangeEvent>;
