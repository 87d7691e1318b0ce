/**
 * Insurer feed wire contract: the JSON file format an insurer (市町村) uploads and the API's answers.
 * CSV files are parsed into the same records (see server/feeds).
 */
import { z } from 'zod';
import { AssessmentSurvey, DoctorOpinion } from '../domain/documents.ts';
import { InsuredRecordContent } from '../domain/insured.ts';
import { InsurerNumber } from '../domain/identifiers.ts';

export const FeedRecord = z.discriminatedUnion('kind', [
  InsuredRecordContent.extend({ kind: z.literal('insured') }),
  DoctorOpinion,
  AssessmentSurvey,
]);
export type FeedRecord = z.infer<typeof FeedRecord>;

/** The JSON feed file. */
export const FeedFile = z.object({
  format: z.literal('tsunagi-insurer-feed'),
  version: z.literal(1),
  insurerNumber: InsurerNumber,
  /** When the insurer's system produced the file (informational). */
  createdAt: z.string(),
  records: z.array(FeedRecord),
});
export type FeedFile = z.infer<typeof FeedFile>;

/** One problem in a rejected file: where (1-based line for CSV, record index path for JSON), which field, why. */
export const FeedError = z.object({
  line: z.number().int().nonnegative(),
  field: z.string(),
  reason: z.string(),
});
export type FeedError = z.infer<typeof FeedError>;

export const FeedResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('applied'),
    feedId: z.number().int().positive(),
    records: z.number().int().nonnegative(),
    inserted: z.number().int().nonnegative(),
    updated: z.number().int().nonnegative(),
    unchanged: z.number().int().nonnegative(),
    changeEvents: z.number().int().nonnegative(),
  }),
  z.object({ status: z.literal('rejected'), errors: z.array(FeedError).min(1) }),
]);
export type FeedResult = z.infer<typeof FeedResult>;
