/** The people-list API: what a provider's staff may see, fetched by the app into its local database. */
import { z } from 'zod';
import { CertificationDocument } from '../domain/documents.ts';
import { InsuredRecord } from '../domain/insured.ts';
import { Insurer, Provider } from '../domain/organisations.ts';

export const PeopleResponse = z.object({
  provider: Provider,
  insurers: z.array(Insurer),
  people: z.array(InsuredRecord),
  /** Server time of the snapshot (UTC). */
  fetchedAt: z.string(),
});
export type PeopleResponse = z.infer<typeof PeopleResponse>;

/** One person as a provider sees them; documents only for a care manager of a care-management office (else null). */
export const PersonResponse = z.object({
  provider: Provider,
  insurer: Insurer,
  person: InsuredRecord,
  documents: z.array(CertificationDocument).nullable(),
  /** Server time of the answer (UTC). */
  fetchedAt: z.string(),
});
export type PersonResponse = z.infer<typeof PersonResponse>;

export const ProvidersResponse = z.object({ providers: z.array(Provider) });
export type ProvidersResponse = z.infer<typeof ProvidersResponse>;

/** The error body of every failing API call: a stable code and a message for people. */
export const ApiError = z.object({ code: z.string(), message: z.string() });
export type ApiError = z.infer<typeof ApiError>;
