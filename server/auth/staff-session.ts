/**
 * Who is calling, as the auth middleware leaves it on the request: the verified device (signature checked,
 * not revoked) and, on routes that need one, the signed-in staff member's session.
 */
import type { StaffRole } from '../../src/domain/organisations.ts';

export interface DeviceIdentity {
  readonly deviceId: string;
  readonly providerNumber: string;
  readonly name: string;
}

export interface StaffSession {
  readonly staffId: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly providerNumber: string;
  readonly deviceId: string;
  /** SHA-256 of the access token (the row key in `sessions`). */
  readonly tokenSha256: string;
}

export type AuthVariables = {
  device: DeviceIdentity;
  staffSession: StaffSession;
  /** The caller's address as the server saw it (for the audit log). */
  sourceAddress: string | null;
};
