/**
 * Change notices between the platform and a tablet. Every change event about a person the office serves (a
 * burden-ratio change, a renewed certification, a new 主治医意見書, a care-level change, …) is a notice for
 * the office's staff; each staff member acknowledges it (「確認しました」, the `noticeAcknowledged` mutation in
 * src/protocol/sync.ts), and a care manager sees, per person and per provider serving that person, who has and
 * has not seen each change — the check the previous system lacked ("nobody looked at what was sent").
 *
 * `POST /api/v1/sync/notices` pages through two streams after the caller's cursor: the notices (change events
 * by `eventId`) and the acknowledgements the caller may see (by `ackSeq`). The tablet runs it after the people
 * pull in each sync and stores each page with its cursor in one transaction.
 *
 * Scope (decided on the server, from the session): notices about people the session's office serves now;
 * `insuredAdded` is not a notice (it is the list itself); 主治医意見書/認定調査票 notices go to care managers
 * only. Acknowledgements: a care manager's office sees those of every provider serving its people (with staff
 * names); other offices see only their own staff's.
 */
import { z } from 'zod';
import { ChangeEventDetail, InsuredNumber, InsurerNumber, IsoInstant, ProviderNumber } from '../domain/index.ts';
import { StaffId } from './auth.ts';

/** A provider serving the person when the notice was read (for "which providers have not seen it"). */
export const ServingProvider = z.object({
  providerNumber: ProviderNumber,
  name: z.string().min(1),
});
export type ServingProvider = z.infer<typeof ServingProvider>;

export const Notice = z.object({
  eventId: z.number().int().positive(),
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
  detail: ChangeEventDetail,
  /** When the platform recorded the change (UTC). */
  recordedAt: IsoInstant,
  /** For a care manager's office: every provider serving the person; for others: their own office only. */
  servingProviders: z.array(ServingProvider),
});
export type Notice = z.infer<typeof Notice>;

export const NoticeAcknowledgement = z.object({
  /** Grows with each acknowledgement stored on the server (the acknowledgement stream's position). */
  ackSeq: z.number().int().positive(),
  eventId: z.number().int().positive(),
  providerNumber: ProviderNumber,
  staffId: StaffId,
  staffName: z.string().min(1),
  acknowledgedAt: IsoInstant,
});
export type NoticeAcknowledgement = z.infer<typeof NoticeAcknowledgement>;

/** Where the tablet is in both streams; null before the first notices sync. */
export const NoticeCursor = z.object({
  eventId: z.number().int().nonnegative(),
  ackSeq: z.number().int().nonnegative(),
});
export type NoticeCursor = z.infer<typeof NoticeCursor>;

export const NoticesPullRequest = z.object({
  cursor: NoticeCursor.nullable(),
  limit: z.number().int().min(1).max(2000).default(500),
});
export type NoticesPullRequest = z.input<typeof NoticesPullRequest>;

export const NoticesPullResponse = z.object({
  notices: z.array(Notice),
  acknowledgements: z.array(NoticeAcknowledgement),
  /** Pass back as `cursor`; stored by the tablet only once the page is applied. */
  cursor: NoticeCursor,
  hasMore: z.boolean(),
});
export type NoticesPullResponse = z.infer<typeof NoticesPullResponse>;

export const NOTICES_PULL_PATH = '/api/v1/sync/notices';
