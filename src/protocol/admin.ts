/**
 * The office admin's API: activation codes, staff (with 退職・端末回収), devices, expiry warnings and the
 * audit log. Every route needs an admin's session on a registered device of the same office.
 */
import { z } from 'zod';
import { InsuredNumber, InsurerNumber, IsoInstant, ProviderNumber } from '../domain/identifiers.ts';
import { StaffRole } from '../domain/organisations.ts';
import { StaffId } from './auth.ts';

export const IssueActivationCodeRequest = z.object({
  staffId: StaffId,
  deviceName: z.string().trim().min(1, '端末名を入力してください').max(40, '端末名は40文字までです'),
  /** How long the code stays valid (default 24 h). */
  validHours: z.number().int().min(1).max(72).default(24),
});
export type IssueActivationCodeRequest = z.input<typeof IssueActivationCodeRequest>;

export const IssueActivationCodeResponse = z.object({
  /** Shown once: the server keeps only its hash. Formatted like `7K3M-Q9TR-2HWA` (three groups of four). */
  code: z.string(),
  staffId: StaffId,
  deviceName: z.string(),
  expiresAt: IsoInstant,
});
export type IssueActivationCodeResponse = z.infer<typeof IssueActivationCodeResponse>;

export const StaffSummary = z.object({
  staffId: StaffId,
  name: z.string(),
  role: StaffRole,
  retiredAt: IsoInstant.nullable(),
  hasPin: z.boolean(),
  pinLockedUntil: IsoInstant.nullable(),
  passkeys: z.number().int().nonnegative(),
  activeDevices: z.number().int().nonnegative(),
  activeSessions: z.number().int().nonnegative(),
});
export type StaffSummary = z.infer<typeof StaffSummary>;
export const StaffListResponse = z.object({ staff: z.array(StaffSummary) });
export type StaffListResponse = z.infer<typeof StaffListResponse>;

/** What one 退職・端末回収 action revoked. */
export const OffboardResponse = z.object({
  staffId: StaffId,
  retiredAt: IsoInstant,
  revokedDevices: z.array(z.string()),
  revokedPasskeys: z.number().int().nonnegative(),
  revokedSessions: z.number().int().nonnegative(),
});
export type OffboardResponse = z.infer<typeof OffboardResponse>;

export const DeviceSummary = z.object({
  deviceId: z.string(),
  name: z.string(),
  enrolledBy: StaffId,
  enrolledByName: z.string(),
  enrolledAt: IsoInstant,
  lastSeenAt: IsoInstant.nullable(),
  credentialExpiresAt: IsoInstant,
  status: z.enum(['active', 'revoked']),
  revokedAt: IsoInstant.nullable(),
  revokedReason: z.string().nullable(),
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;
export const DeviceListResponse = z.object({ devices: z.array(DeviceSummary) });
export type DeviceListResponse = z.infer<typeof DeviceListResponse>;

export const RevokeDeviceRequest = z.object({ reason: z.string().trim().min(1).max(200) });

/** Credential expiry warnings (device credentials and the office certificate) at 90/60/30/15/7 days. */
export const ExpiryWarning = z.object({
  kind: z.enum(['officeCertificate', 'deviceCredential']),
  /** The device id for a device credential; the provider number for the office certificate. */
  subject: z.string(),
  label: z.string(),
  expiresAt: z.string(),
  daysLeft: z.number().int(),
  /** The threshold reached: 90, 60, 30, 15, 7, or 0 when already expired. */
  threshold: z.union([z.literal(90), z.literal(60), z.literal(30), z.literal(15), z.literal(7), z.literal(0)]),
});
export type ExpiryWarning = z.infer<typeof ExpiryWarning>;
export const ExpiryWarningsResponse = z.object({ warnings: z.array(ExpiryWarning) });

export const AUDIT_ACTIONS = [
  'people.list',
  'person.read',
  'person.view',
  'documents.read',
  'notices.list',
  'signIn',
  'signOut',
  'device.enroll',
  'device.revoke',
  'device.wipe',
  'staff.offboard',
  'activationCode.issue',
  'passkey.register',
  'audit.export',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  recordedAt: IsoInstant,
  occurredAt: IsoInstant,
  origin: z.enum(['server', 'device']),
  action: AuditAction,
  outcome: z.enum(['allowed', 'denied', 'failed']),
  staffId: z.string().nullable(),
  deviceId: z.string().nullable(),
  providerNumber: ProviderNumber.nullable(),
  insurerNumber: InsurerNumber.nullable(),
  insuredNumber: InsuredNumber.nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  sourceAddress: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD です');
export const AuditQuery = z.object({
  /** Inclusive, Tokyo calendar days. */
  from: Day.optional(),
  to: Day.optional(),
  staffId: StaffId.optional(),
  action: AuditAction.optional(),
  insuredNumber: InsuredNumber.optional(),
  /** Entries with seq below this (newest first paging). */
  before: z.string().regex(/^\d{1,15}$/).optional(),
  limit: z.string().regex(/^\d{1,4}$/).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AuditPageResponse = z.object({ entries: z.array(AuditEntry), nextBefore: z.number().int().nullable() });
export type AuditPageResponse = z.infer<typeof AuditPageResponse>;

/** Reads recorded on a device (also offline), uploaded later; `entryId` makes the upload idempotent. */
export const DeviceAuditEntry = z.object({
  entryId: z.uuid(),
  occurredAt: IsoInstant,
  action: z.enum(['person.view']),
  insurerNumber: InsurerNumber,
  insuredNumber: InsuredNumber,
});
export type DeviceAuditEntry = z.infer<typeof DeviceAuditEntry>;
export const DeviceAuditUpload = z.object({ entries: z.array(DeviceAuditEntry).min(1).max(500) });
export const DeviceAuditUploadResponse = z.object({ accepted: z.number().int(), duplicates: z.number().int() });
