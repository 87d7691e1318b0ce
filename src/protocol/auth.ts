/**
 * Device enrollment and staff sign-in, as the app and the server speak them. Every call after enrollment is
 * signed with the device key (see device-signature.ts); calls that read or change data also carry the staff
 * member's access token (`Authorization: Bearer …`).
 *
 * Key material in these messages is base64url. The server never sees the device's data key: it holds two
 * shares that, with the staff member's passkey PRF output or PIN, unwrap it on the device (src/security).
 */
import { z } from 'zod';
import { IsoInstant, ProviderNumber } from '../domain/identifiers.ts';
import { Provider, StaffRole } from '../domain/organisations.ts';

export const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'base64url ではありません');

/** The device's ECDSA P-256 public key as a JWK (the private half never leaves the device's WebCrypto). */
export const DevicePublicKey = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: Base64Url.length(43),
  y: Base64Url.length(43),
});
export type DevicePublicKey = z.infer<typeof DevicePublicKey>;

/** 6–12 digits; the server also refuses the obvious ones (same digit, straight runs). */
export const StaffPin = z.string().regex(/^[0-9]{6,12}$/, 'PINは6〜12桁の数字です');

/** Shown once to the admin, typed on the tablet: 12 characters of Crockford base32 in groups of four. */
export const ActivationCode = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{12}$/, '登録コードは12文字の英数字です'));

export const StaffId = z.string().min(1).max(64);

export const SignedInStaff = z.object({
  staffId: StaffId,
  name: z.string(),
  role: StaffRole,
  providerNumber: ProviderNumber,
});
export type SignedInStaff = z.infer<typeof SignedInStaff>;

/** How long a courier key opens envelopes (well past the offline lease: a write may wait offline that long). */
export const COURIER_KEY_DAYS = 30;

/**
 * Issued with each online sign-in, bound to the device and the staff member: seals the copy of each queued
 * mutation that the service worker may deliver with no page open (src/protocol/courier.ts).
 */
export const CourierKey = z.object({
  keyId: Base64Url.length(22),
  /** AES-256-GCM key, raw. */
  secret: Base64Url.length(43),
  expiresAt: IsoInstant,
});
export type CourierKey = z.infer<typeof CourierKey>;

/** What online sign-in releases: an access token and the device's two key shares. */
export const SignInResponse = z.object({
  accessToken: Base64Url.min(40),
  expiresAt: IsoInstant,
  staff: SignedInStaff,
  provider: Provider,
  deviceId: z.string(),
  /** Unwraps the device's data key online; never stored on the device. */
  escrowKey: Base64Url.length(43),
  /** Combined with the PIN/PRF secret for offline unlock; kept on the device until `leaseExpiresAt`. */
  leaseShare: Base64Url.length(43),
  leaseExpiresAt: IsoInstant,
  /** Minutes without input before the app locks (the office's setting). */
  idleLockMinutes: z.number().int().min(1).max(60),
  /** Seals a copy of each queued mutation the service worker can deliver with no page open (courier.ts). Absent from older servers. */
  courierKey: CourierKey.optional(),
});
export type SignInResponse = z.infer<typeof SignInResponse>;

export const EnrollRequest = z.object({
  activationCode: ActivationCode,
  deviceName: z.string().trim().min(1).max(40),
  publicKey: DevicePublicKey,
  /** The PIN the staff member chooses now (their fallback second factor). */
  pin: StaffPin,
});
export type EnrollRequest = z.input<typeof EnrollRequest>;

/** Enrollment signs the staff member in at once (activation code handed over in person + the new PIN). */
export const EnrollResponse = SignInResponse.extend({ credentialExpiresAt: IsoInstant });
export type EnrollResponse = z.infer<typeof EnrollResponse>;

export const PinSignInRequest = z.object({ staffId: StaffId, pin: StaffPin });
export type PinSignInRequest = z.infer<typeof PinSignInRequest>;

/** WebAuthn JSON (as @simplewebauthn/browser produces and consumes it): checked in depth by the server library. */
const WebAuthnJson = z.record(z.string(), z.unknown());

export const PasskeyOptionsResponse = z.object({ options: WebAuthnJson });
export const PasskeyResponseRequest = z.object({ response: WebAuthnJson });
export const PasskeyRegisteredResponse = z.object({ credentialId: Base64Url });

/** Where the device asks its own status (device-signed, no session needed). */
export const DEVICE_STATUS_PATH = '/api/v1/devices/self';

/** The device as the server sees it: sent on every start, so a revoked device learns it at once. */
export const DeviceStatusResponse = z.object({
  deviceId: z.string(),
  name: z.string(),
  provider: Provider,
  status: z.enum(['active', 'revoked']),
  credentialExpiresAt: IsoInstant,
  /** The office's 電子請求 client certificate, when known. */
  officeCertificateExpiresAt: z.string().nullable(),
});
export type DeviceStatusResponse = z.infer<typeof DeviceStatusResponse>;

/** Error codes that tell the app what to do next (the message is for people). */
export const AUTH_ERROR_CODES = {
  /** The device was revoked or is unknown: wipe local data. */
  deviceRevoked: 'deviceRevoked',
  deviceUnknown: 'deviceUnknown',
  /** The device's request signature or clock is wrong. */
  deviceSignatureInvalid: 'deviceSignatureInvalid',
  /** No valid access token: sign in again. */
  sessionRequired: 'sessionRequired',
  signInFailed: 'signInFailed',
  pinLocked: 'pinLocked',
  rateLimited: 'rateLimited',
  roleForbidden: 'roleForbidden',
} as const;
