/**
 * The rows of the `keyring` and `device` tables. Wrapped keys are not personal data and live in plain rows; they
 * are parsed with zod on every read like any stored row, and a row that does not parse counts as absent (a
 * damaged wrap cannot unwrap anything anyway).
 */
import { z } from 'zod';
import { IsoInstant, ProviderNumber } from '../domain/identifiers.ts';
import { DevicePublicKey, StaffId } from '../protocol/auth.ts';
import { isCryptoKey, type Bytes, type WebCryptoKey } from '../security/web-crypto.ts';

const ByteArray = (length?: number) =>
  z.custom<Bytes>((value) => value instanceof Uint8Array && (length === undefined || value.length === length), 'バイト列ではありません');

const Wrap = { iv: ByteArray(12), wrapped: ByteArray(48) };

/** The data key under the server's escrow key. */
export const EscrowWrapRow = z.object({ id: z.literal('escrow'), kind: z.literal('escrow'), ...Wrap });
/** The data key under a staff member's PIN and the lease share. */
export const PinWrapRow = z.object({
  id: z.string().startsWith('pin:'),
  kind: z.literal('pin'),
  staffId: StaffId,
  salt: ByteArray(16),
  /** PBKDF2 rounds used for this wrap (kept so the figure can rise without breaking older wraps). */
  iterations: z.number().int().min(1),
  ...Wrap,
});
/** The data key under a passkey's PRF output and the lease share. */
export const PrfWrapRow = z.object({ id: z.string().startsWith('prf:'), kind: z.literal('prf'), staffId: StaffId, credentialId: z.string().min(1), ...Wrap });
/** The server's lease share, kept until it expires. */
export const LeaseRow = z.object({ id: z.literal('lease'), kind: z.literal('lease'), share: ByteArray(32), expiresAt: IsoInstant });
/** Consecutive wrong offline PINs or passkeys. */
export const UnlockFailuresRow = z.object({ id: z.literal('unlockFailures'), kind: z.literal('unlockFailures'), count: z.number().int().nonnegative() });

export const KeyringRow = z.discriminatedUnion('kind', [EscrowWrapRow, PinWrapRow, PrfWrapRow, LeaseRow, UnlockFailuresRow]);
export type KeyringRow = z.infer<typeof KeyringRow>;
export type EscrowWrapRow = z.infer<typeof EscrowWrapRow>;
export type PinWrapRow = z.infer<typeof PinWrapRow>;
export type PrfWrapRow = z.infer<typeof PrfWrapRow>;
export type LeaseRow = z.infer<typeof LeaseRow>;
export type UnlockFailuresRow = z.infer<typeof UnlockFailuresRow>;

export const pinWrapId = (staffId: string): string => `pin:${staffId}`;
export const prfWrapId = (credentialId: string): string => `prf:${credentialId}`;

/** The device's identity, saved at enrollment. */
export const DeviceIdentity = z.object({
  id: z.literal('self'),
  deviceId: z.string().min(1),
  providerNumber: ProviderNumber,
  name: z.string(),
  /** ECDSA P-256, non-extractable (src/security/device-key-pair.ts). */
  privateKey: z.custom<WebCryptoKey>((value) => isCryptoKey(value) && !value.extractable && value.type === 'private', '秘密鍵ではありません'),
  publicKeyJwk: DevicePublicKey,
  enrolledAt: IsoInstant,
  credentialExpiresAt: IsoInstant,
});
export type DeviceIdentity = z.infer<typeof DeviceIdentity>;
