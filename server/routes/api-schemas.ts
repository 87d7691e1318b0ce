/**
 * Request and response shapes of the routes whose contract src/protocol does not (yet) hold: the change-event
 * page, health, and the path/query parameters. Everything else (one person's record included) comes from
 * src/protocol.
 */
import { z } from 'zod';
import { ChangeEvent, InsuredNumber, InsurerNumber, ProviderNumber } from '../../src/domain/index.ts';

export const HealthResponse = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) });

export const ProviderParams = z.object({ providerNumber: ProviderNumber });

export const PersonParams = z.object({ providerNumber: ProviderNumber, insurerNumber: InsurerNumber, insuredNumber: InsuredNumber });

export { PersonResponse } from '../../src/protocol/people.ts';

export const ChangeEventsQuery = z.object({
  /** The last event id the caller has; events after it are returned (0 or absent: from the start). */
  since: z.string().regex(/^\d{1,15}$/, 'since は0以上の整数です').optional(),
});

/** A page of change events about the provider's people, oldest first. */
export const ChangeEventsResponse = z.object({
  events: z.array(ChangeEvent),
  /** Pass as `since` to get the next page: the last event id of this page, or `since` again when empty. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type ChangeEventsResponse = z.infer<typeof ChangeEventsResponse>;

export const FeedUploadHeaders = z.object({
  /** The file's name (percent-encoded UTF-8 where it is not ASCII), to tell CSV from JSON and for the record. */
  'x-file-name': z.string().max(1000).optional(),
});
