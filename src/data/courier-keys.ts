/**
 * The staff members' courier keys on the device (src/protocol/courier.ts): one per staff member, the newest
 * their online sign-in brought, sealed in the vault (kind 'courierKey', natural key the staff id), so only an
 * unlocked page can seal envelopes with it. A row that does not open or parse counts as absent: the mutation
 * is then queued without an envelope and waits for the page's own push.
 */
import { CourierKey } from '../protocol/auth.ts';
import { importCourierKey } from '../security/courier-seal.ts';
import type { Vault } from '../security/vault.ts';
import type { WebCryptoKey } from '../security/web-crypto.ts';
import { DeviceIdentity } from './device-keyring-rows.ts';
import type { TsunagiDb } from './tsunagi-db.ts';

/** A courier key ready to seal with, and the device it is bound to. */
export interface CourierSealing {
  readonly deviceId: string;
  readonly keyId: string;
  readonly key: WebCryptoKey;
}

export async function saveCourierKey(db: TsunagiDb, vault: Vault, staffId: string, courierKey: CourierKey): Promise<void> {
  await db.sealed.put(await vault.seal('courierKey', staffId, CourierKey.parse(courierKey)));
}

/** The staff member's courier key if one is stored, readable and not expired at `now`. */
export async function readCourierSealing(db: TsunagiDb, vault: Vault, staffId: string, now: Date): Promise<CourierSealing | null> {
  const [row, stored] = await Promise.all([db.sealed.get(await vault.rowId('courierKey', staffId)), db.device.get('self')]);
  const device = DeviceIdentity.safeParse(stored);
  if (!row || !device.success) return null;
  let value: unknown;
  try {
    value = await vault.open(row);
  } catch {
    return null;
  }
  const parsed = CourierKey.safeParse(value);
  if (!parsed.success || Date.parse(parsed.data.expiresAt) <= now.getTime()) return null;
  return { deviceId: device.data.deviceId, keyId: parsed.data.keyId, key: await importCourierKey(parsed.data.secret) };
}
