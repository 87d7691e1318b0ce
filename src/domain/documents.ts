/**
 * Certification documents: 主治医意見書 (doctorOpinion) and 認定調査票 (assessmentSurvey).
 * Only care managers may read them; helpers never receive them.
 */
import { z } from 'zod';
import { ClinicCode, InsuredNumber, InsurerNumber, IsoDate } from './identifiers.ts';

const Section = z.object({ heading: z.string().min(1).max(100), body: z.string().max(4000) });

/** 主治医意見書, structured by the sections of the official form. */
export const DoctorOpinion = z.object({
  kind: z.literal('doctorOpinion'),
  documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
  clinicCode: ClinicCode,
  clinicName: z.string().min(1).max(100),
  attendingPhysician: z.string().min(1).max(60),
  writtenOn: IsoDate,
  receivedOn: IsoDate,
  /** 診断名 with onset dates. */
  diagnoses: z.array(z.object({ name: z.string().min(1).max(100), onsetOn: IsoDate.nullable() })).max(10),
  /** 障害高齢者の日常生活自立度 (e.g. "A2") and 認知症高齢者の日常生活自立度 (e.g. "IIb"). */
  physicalIndependence: z.string().max(8),
  cognitiveIndependence: z.string().max(8),
  sections: z.array(Section).max(20),
});
export type DoctorOpinion = z.infer<typeof DoctorOpinion>;

/** 認定調査票: the assessment survey, summarised by group scores and special notes. */
export const AssessmentSurvey = z.object({
  kind: z.literal('assessmentSurvey'),
  documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
  surveyedOn: IsoDate,
  surveyor: z.string().min(1).max(60),
  place: z.string().min(1).max(100),
  /** 第1群〜第5群 with the survey items' chosen answers. */
  groups: z.array(z.object({ group: z.number().int().min(1).max(7), title: z.string().max(60), items: z.array(z.object({ item: z.string().max(60), answer: z.string().max(60) })).max(30) })).max(7),
  specialNotes: z.string().max(4000),
});
export type AssessmentSurvey = z.infer<typeof AssessmentSurvey>;

export const CertificationDocument = z.discriminatedUnion('kind', [DoctorOpinion, AssessmentSurvey]);
export type CertificationDocument = z.infer<typeof CertificationDocument>;
