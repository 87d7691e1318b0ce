/**
 * The device keyring: the device's identity and the wraps of its data key (DK), in the plain `keyring` and
 * `device` tables (wrapped keys and public keys are not personal data). See src/security/key-wrap.ts for how
 * each wrap is made.
 *
 * - Enrollment: `createDataKey(escrowKey)` makes the DK and its escrow wrap; the app adds a PIN wrap (and a
 *   passkey PRF wrap where the platform has PRF) with the lease share from the same response.
 * - Online sign-in: `unwrapWithEscrow(escrowKey)`; the escrow key is never stored.
 * - Offline: `unlockWithPin` / `unlockWithPrf` need the lease share, kept only until it expires. Every try counts
 *   before it runs (closing the page mid-try does not undo it); a success resets the count; the fifth wrong
 *   secret in a row wipes the device.
 * - `wipe()` crypto-shreds first (every keyring row, in one transaction: without the wraps the sealed rows are
 *   noise even if the next step is interrupted), then deletes the whole database. The database object stays
 *   closed afterwards; the app reloads.
 *
 * Callers get the DK as raw bytes only to open the vault and make wraps, and zero them afterwards.
 */
import { StaffId } from '../protocol/auth.ts';
import { IsoInstant } from '../domain/identifiers.ts';
import { DATA_KEY_LENGTH, deriveWrapKey, PIN_ITERATIONS, PIN_SALT_LENGTH, SECRET_LENGTH, unwrapDataKey, wrapDataKey, type WrapSecret } from '../security/key-wrap.ts';
import { SecurityError } from '../security/security-error.ts';
import { copyBytes, randomBytes, requireLength, type Bytes } from '../security/web-crypto.ts';
import { storageError } from './data-error.ts';
import {
  DeviceIdentity,
  EscrowWrapRow,
  KeyringRow,
  LeaseRow,
  PinWrapRow,
  pinWrapId,
  PrfWrapRow,
  prfWrapId,
  UnlockFailuresRow,
  type LeaseRow as LeaseRowType,
} from './device-keyring-rows.ts';
import type { TsunagiDb } from './tsunagi-db.ts';

/** Wrong offline PINs or passkeys in a row before the device wipes itself. */
export const MAX_UNLOCK_FAILURES = 5;

export type UnlockOutcome =
  | { readonly ok: true; readonly dataKey: Bytes }
  | { readonly ok: false; readonly reason: 'wrongSecret'; readonly attemptsLeft: number }
  /** leaseExpired: no lease share (never signed in online, or it ran out): sign in online. */
  | { readonly ok: false; readonly reason: 'leaseExpired' | 'noWrap' | 'wiped' };

export type LeaseState = { readonly share: Bytes } | 'none' | 'expired';

export interface OfflineUnlocks {
  /** Staff ids with a PIN wrap. */
  readonly pin: string[];
  readonly prf: { credentialId: string; staffId: string }[];
}

export interface DeviceKeyring {
  readDevice(): Promise<DeviceIdentity | undefined>;
  saveDevice(identity: Omit<DeviceIdentity, 'id'>): Promise<void>;
  /** Makes the device's data key and stores its escrow wrap; refuses (dataKeyExists) when one is there. */
  createDataKey(escrowKey: Uint8Array): Promise<Bytes>;
  /** The data key through the server's escrow key (online sign-in); resets the failure count. */
  unwrapWithEscrow(escrowKey: Uint8Array): Promise<Bytes>;
  saveLease(share: Uint8Array, expiresAt: string): Promise<void>;
  /** The lease share while it is valid; an expired one is deleted. */
  readLease(now: Date): Promise<LeaseState>;
  /** Adds (or replaces) the staff member's PIN wrap. */
  addPinWrap(staffId: string, pin: string, dataKey: Uint8Array, leaseShare: Uint8Array): Promise<void>;
  /** Adds (or replaces) the wrap for a passkey's PRF output. */
  addPrfWrap(staffId: string, credentialId: string, prfOutput: Uint8Array, dataKey: Uint8Array, leaseShare: Uint8Array): Promise<void>;
  /** Which offline unlocks this device holds (for one staff member when given); says nothing of the lease. */
  hasOfflineUnlock(staffId?: string): Promise<OfflineUnlocks>;
  unlockWithPin(staffId: string, pin: string, now: Date): Promise<UnlockOutcome>;
  unlockWithPrf(credentialId: string, prfOutput: Uint8Array, now: Date): Promise<UnlockOutcome>;
  wipe(): Promise<void>;
}

export interface DeviceKeyringOptions {
  /** PBKDF2 rounds for new PIN wraps (tests use fewer; existing wraps keep their own count). */
  pinIterations?: number;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof SecurityError ? error : storageError(error);
  }
}

export function createDeviceKeyring(db: TsunagiDb, options: DeviceKeyringOptions = {}): DeviceKeyring {
  const pinIterations = options.pinIterations ?? PIN_ITERATIONS;

  const readRow = async <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, id: string): Promise<T | undefined> => {
    const parsed = schema.safeParse(await db.keyring.get(id));
    return parsed.success ? parsed.data : undefined;
  };

  const readLease = async (now: Date): Promise<LeaseState> => {
    const raw = await db.keyring.get('lease');
    if (raw === undefined) return 'none';
    const lease = LeaseRow.safeParse(raw);
    if (lease.success && Date.parse(lease.data.expiresAt) > now.getTime()) return { share: lease.data.share };
    await db.keyring.delete('lease');
    return lease.success ? 'expired' : 'none';
  };

  /** Counts one more try and returns the count, atomically (two tabs trying at once both count). */
  const countTry = (): Promise<number> =>
    db.transaction('rw', db.keyring, async () => {
      const before = UnlockFailuresRow.safeParse(await db.keyring.get('unlockFailures'));
      const count = (before.success ? before.data.count : 0) + 1;
      await db.keyring.put({ id: 'unlockFailures', kind: 'unlockFailures', count });
      return count;
    });

  const resetTries = (): Promise<void> => db.keyring.delete('unlockFailures');

  const wipe = async (): Promise<void> => {
    await db.transaction('rw', db.keyring, () => db.keyring.clear());
    await db.delete();
  };

  const unlock = async <W extends { iv: Bytes; wrapped: Bytes }>(
    wrapId: string,
    wrap: W | undefined,
    secret: (leaseShare: Bytes, wrap: W) => WrapSecret,
    now: Date,
  ): Promise<UnlockOutcome> => {
    const failures = await readRow(UnlockFailuresRow, 'unlockFailures');
    if ((failures?.count ?? 0) >= MAX_UNLOCK_FAILURES) {
      // A wipe that was interrupted (the page closed on the fifth failure): finish it.
      await wipe();
      return { ok: false, reason: 'wiped' };
    }
    const lease = await readLease(now);
    if (lease === 'none' || lease === 'expired') return { ok: false, reason: 'leaseExpired' };
    if (!wrap) return { ok: false, reason: 'noWrap' };
    const count = await countTry();
    const dataKey = await unwrapDataKey(await deriveWrapKey(secret(lease.share, wrap), wrapId), wrap, wrapId);
    if (dataKey) {
      await resetTries();
      return { ok: true, dataKey };
    }
    if (count >= MAX_UNLOCK_FAILURES) {
      await wipe();
      return { ok: false, reason: 'wiped' };
    }
    return { ok: false, reason: 'wrongSecret', attemptsLeft: MAX_UNLOCK_FAILURES - count };
  };

  return {
    readDevice: () =>
      guarded(async () => {
        const parsed = DeviceIdentity.safeParse(await db.device.get('self'));
        return parsed.success ? parsed.data : undefined;
      }),

    saveDevice: (identity) =>
      guarded(async () => {
        await db.device.put(DeviceIdentity.parse({ ...identity, id: 'self' }));
      }),

    createDataKey: (escrowKey) =>
      guarded(async () => {
        const dataKey = randomBytes(DATA_KEY_LENGTH);
        const wrap = await wrapDataKey(await deriveWrapKey({ kind: 'escrow', escrowKey }, 'escrow'), dataKey, 'escrow');
        await db.transaction('rw', db.keyring, async () => {
          if ((await db.keyring.get('escrow')) !== undefined) throw new SecurityError('dataKeyExists');
          await db.keyring.put({ id: 'escrow', kind: 'escrow', ...wrap });
        });
        return dataKey;
      }),

    unwrapWithEscrow: (escrowKey) =>
      guarded(async () => {
        const wrap = await readRow(EscrowWrapRow, 'escrow');
        if (!wrap) throw new SecurityError('noEscrowWrap');
        const dataKey = await unwrapDataKey(await deriveWrapKey({ kind: 'escrow', escrowKey }, 'escrow'), wrap, 'escrow');
        if (!dataKey) throw new SecurityError('escrowUnwrapFailed');
        await resetTries();
        return dataKey;
      }),

    saveLease: (share, expiresAt) =>
      guarded(async () => {
        requireLength(share, SECRET_LENGTH);
        const row: LeaseRowType = { id: 'lease', kind: 'lease', share: copyBytes(share), expiresAt: IsoInstant.parse(expiresAt) };
        await db.keyring.put(row);
      }),

    readLease: (now) => guarded(() => readLease(now)),

    addPinWrap: (staffId, pin, dataKey, leaseShare) =>
      guarded(async () => {
        const id = pinWrapId(StaffId.parse(staffId));
        const salt = randomBytes(PIN_SALT_LENGTH);
        const kek = await deriveWrapKey({ kind: 'pin', pin, salt, iterations: pinIterations, leaseShare }, id);
        const wrap = await wrapDataKey(kek, dataKey, id);
        await db.keyring.put({ id, kind: 'pin', staffId, salt, iterations: pinIterations, ...wrap });
      }),

    addPrfWrap: (staffId, credentialId, prfOutput, dataKey, leaseShare) =>
      guarded(async () => {
        const id = prfWrapId(credentialId);
        const wrap = await wrapDataKey(await deriveWrapKey({ kind: 'prf', prfOutput, leaseShare }, id), dataKey, id);
        await db.keyring.put({ id, kind: 'prf', staffId: StaffId.parse(staffId), credentialId, ...wrap });
      }),

    hasOfflineUnlock: (staffId) =>
      guarded(async () => {
        const rows = (await db.keyring.toArray()).map((raw) => KeyringRow.safeParse(raw)).flatMap((r) => (r.success ? [r.data] : []));
        const mine = (row: { staffId: string }) => staffId === undefined || row.staffId === staffId;
        return {
          pin: rows.flatMap((row) => (row.kind === 'pin' && mine(row) ? [row.staffId] : [])).sort(),
          prf: rows.flatMap((row) => (row.kind === 'prf' && mine(row) ? [{ credentialId: row.credentialId, staffId: row.staffId }] : [])),
        };
      }),

    unlockWithPin: (staffId, pin, now) =>
      guarded(async () => {
        const id = pinWrapId(staffId);
        return unlock(id, await readRow(PinWrapRow, id), (leaseShare, wrap) => ({ kind: 'pin', pin, salt: wrap.salt, iterations: wrap.iterations, leaseShare }), now);
      }),

    unlockWithPrf: (credentialId, prfOutput, now) =>
      guarded(async () => {
        const id = prfWrapId(credentialId);
        return unlock(id, await readRow(PrfWrapRow, id), (leaseShare) => ({ kind: 'prf', prfOutput, leaseShare }), now);
      }),

    wipe: () => guarded(wipe),
  };
}
