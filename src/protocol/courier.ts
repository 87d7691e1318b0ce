/**
 * The courier: how the service worker pushes the outbox when no page is open (Background Sync), without the
 * data key or a staff session, which exist only in an unlocked page.
 *
 * At each online sign-in the server issues a courier key: 32 random bytes bound to (device, staff member), with
 * an id and an expiry, kept by the tablet sealed in its vault. When a page queues a mutation it also seals a
 * copy, the envelope, with AES-GCM under that key. The associated data binds the envelope to the device, the
 * key, the staff member, the seq and the mutation's name, so an envelope cannot be replayed at another seq, moved to another
 * device or claimed for another staff member. The worker cannot open an envelope; it only carries it, signed with
 * the device key like every request, to `POST /api/v1/sync/courier`. The server opens it with its copy of the key
 * and applies it through the same exactly-once push as the page's (one seq counter per device).
 *
 * A locked or stolen tablet can only deliver what its staff already queued: forging a mutation needs the
 * courier key, which lies in the vault. An envelope the server cannot open (unknown, expired or revoked key,
 * or damaged) is held back with everything after it, for the page's own push once someone signs in.
 */
import { z } from 'zod';
import { Base64Url, StaffId } from './auth.ts';
import { Mutation, PushResponse } from './sync.ts';

export const COURIER_PUSH_PATH = '/api/v1/sync/courier';

/** The largest sealed mutation accepted (a paper entry is a few kB). */
export const COURIER_DATA_MAX = 65_536;

export const CourierEnvelope = z.object({
  seq: z.number().int().positive(),
  staffId: StaffId,
  keyId: Base64Url.length(22),
  /** In the clear (and authenticated) so a refusal can be explained to the user without opening the envelope. */
  name: Mutation.shape.name,
  /** 96-bit AES-GCM IV. */
  iv: Base64Url.length(16),
  /** AES-GCM ciphertext and tag of the JSON of `{ name, version, args }`. */
  data: Base64Url.min(24).max(COURIER_DATA_MAX),
});
export type CourierEnvelope = z.infer<typeof CourierEnvelope>;

export const CourierPushRequest = z.object({ envelopes: z.array(CourierEnvelope).min(1).max(500) });
export type CourierPushRequest = z.infer<typeof CourierPushRequest>;

/** Why the server stopped opening envelopes: this one and those after it are left for the page's push. */
export const CourierHoldCode = z.enum(['keyUnknown', 'keyExpired', 'unreadable']);
export type CourierHoldCode = z.infer<typeof CourierHoldCode>;

export const CourierPushResponse = PushResponse.extend({
  held: z.object({ seq: z.number().int().positive(), code: CourierHoldCode }).nullable(),
});
export type CourierPushResponse = z.infer<typeof CourierPushResponse>;

/** What an envelope seals: the mutation without the fields the envelope carries in the clear. */
export const CourierContent = Mutation.pick({ name: true, version: true, args: true });
export type CourierContent = z.infer<typeof CourierContent>;

/** The associated data (UTF-8) of an envelope's AES-GCM. */
export function courierAssociatedData(deviceId: string, envelope: Pick<CourierEnvelope, 'keyId' | 'staffId' | 'seq' | 'name'>): string {
  return ['TSUNAGI-COURIER-1', deviceId, envelope.keyId, envelope.staffId, String(envelope.seq), envelope.name].join('\n');
}
