import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { generateDeviceKeyPair } from '../security/device-key-pair.ts';
import { openVault } from '../security/vault.ts';
import { createDeviceKeyring, MAX_UNLOCK_FAILURES } from './device-keyring.ts';
import { findCanaries } from './sealed-canary-scan.testing.ts';
import { createTsunagiDb } from './tsunagi-db.ts';

const bytes = (fill: number, length = 32) => new Uint8Array(length).fill(fill);
const ESCROW = bytes(0x11);
const LEASE = bytes(0x22);
const PRF = bytes(0x33);
const PIN = '482915';
const NOW = new Date('2025-09-01T00:00:00Z');
const LEASE_UNTIL = '2025-09-08T00:00:00.000Z';

async function setUp(options: { pinIterations?: number } = { pinIterations: 1000 }) {
  const indexedDB = new IDBFactory();
  const db = createTsunagiDb({ indexedDB, IDBKeyRange });
  await db.open();
  const keyring = createDeviceKeyring(db, options);
  const databases = async () => (await indexedDB.databases()).map((d: { name?: string }) => d.name);
  return { db, keyring, databases };
}

/** Whether `needle` occurs as a run of bytes in any byte array of any keyring or device row. */
async function storesBytes(db: Awaited<ReturnType<typeof setUp>>['db'], needle: Uint8Array): Promise<boolean> {
  const hex = Buffer.from(needle).toString('hex');
  const rows: unknown[] = [...(await db.keyring.toArray()), ...(await db.device.toArray()), ...(await db.sealed.toArray())];
  return rows.some((row) => Object.values(row as object).some((value) => value instanceof Uint8Array && Buffer.from(value).toString('hex').includes(hex)));
}

describe('device keyring', () => {
  it('keeps the device identity with its private key usable but not extractable', async () => {
    const { db, keyring } = await setUp();
    expect(await keyring.readDevice()).toBeUndefined();
    const pair = await generateDeviceKeyPair();
    await keyring.saveDevice({
      deviceId: 'dev-1',
      providerNumber: '1310100001',
      name: '訪問用タブレット1',
      privateKey: pair.privateKey,
      publicKeyJwk: pair.publicKeyJwk,
      enrolledAt: '2025-09-01T00:00:00.000Z',
      credentialExpiresAt: '2028-12-01T00:00:00.000Z',
    });
    const device = await keyring.readDevice();
    expect(device).toMatchObject({ id: 'self', deviceId: 'dev-1', publicKeyJwk: pair.publicKeyJwk });
    expect(device?.privateKey.extractable).toBe(false);
    const message = new TextEncoder().encode('probe');
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, device!.privateKey, message);
    const publicKey = await crypto.subtle.importKey('jwk', pair.publicKeyJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, message)).toBe(true);
    db.close();
  });

  it('makes a data key once and opens it again with the escrow key only', async () => {
    const { db, keyring } = await setUp();
    await expect(keyring.unwrapWithEscrow(ESCROW)).rejects.toMatchObject({ code: 'noEscrowWrap' });
    const dataKey = await keyring.createDataKey(ESCROW);
    expect(dataKey).toHaveLength(32);
    expect(await keyring.unwrapWithEscrow(ESCROW)).toEqual(dataKey);
    await expect(keyring.unwrapWithEscrow(bytes(0x12))).rejects.toMatchObject({ code: 'escrowUnwrapFailed' });
    await expect(keyring.createDataKey(ESCROW)).rejects.toMatchObject({ code: 'dataKeyExists' });
    expect(await keyring.unwrapWithEscrow(ESCROW)).toEqual(dataKey);
    expect(await storesBytes(db, dataKey)).toBe(false);
    expect(await storesBytes(db, ESCROW)).toBe(false);
    db.close();
  });

  it('keeps the lease share until it expires, then deletes it', async () => {
    const { db, keyring } = await setUp();
    expect(await keyring.readLease(NOW)).toBe('none');
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    expect(await keyring.readLease(new Date('2025-09-07T23:59:59Z'))).toEqual({ share: LEASE });
    expect(await keyring.readLease(new Date(LEASE_UNTIL))).toBe('expired');
    expect(await db.keyring.get('lease')).toBeUndefined();
    expect(await keyring.readLease(NOW)).toBe('none');
    db.close();
  });

  it('unlocks offline with the right PIN while the lease lasts, and never stores the PIN', async () => {
    const { db, keyring } = await setUp();
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPinWrap('s-001', PIN, dataKey, LEASE);
    const outcome = await keyring.unlockWithPin('s-001', PIN, NOW);
    expect(outcome).toEqual({ ok: true, dataKey });
    expect(await findCanaries(db, [PIN])).toEqual([]);
    expect(await keyring.hasOfflineUnlock()).toEqual({ pin: ['s-001'], prf: [] });
    db.close();
  });

  it('derives PIN wraps with 600,000 PBKDF2 rounds unless told otherwise', async () => {
    const { db, keyring } = await setUp({});
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPinWrap('s-001', PIN, dataKey, LEASE);
    expect(await db.keyring.get('pin:s-001')).toMatchObject({ kind: 'pin', iterations: 600_000 });
    expect(await keyring.unlockWithPin('s-001', PIN, NOW)).toEqual({ ok: true, dataKey });
    db.close();
  });

  it('counts wrong PINs down, resets on success, and wipes the device on the fifth wrong PIN in a row', async () => {
    const { db, keyring, databases } = await setUp();
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPinWrap('s-001', PIN, dataKey, LEASE);
    await db.sealed.put(await (await openVault(dataKey)).seal('person', '131016-0000000001', { name: '試験 花子' }));

    expect(await keyring.unlockWithPin('s-001', '111111', NOW)).toEqual({ ok: false, reason: 'wrongSecret', attemptsLeft: 4 });
    expect(await keyring.unlockWithPin('s-001', '111111', NOW)).toEqual({ ok: false, reason: 'wrongSecret', attemptsLeft: 3 });
    expect((await keyring.unlockWithPin('s-001', PIN, NOW)).ok).toBe(true);
    const left: unknown[] = [];
    for (let i = 0; i < MAX_UNLOCK_FAILURES - 1; i++) left.push(await keyring.unlockWithPin('s-001', '222222', NOW));
    expect(left.map((o) => (o as { attemptsLeft: number }).attemptsLeft)).toEqual([4, 3, 2, 1]);
    expect(await databases()).toContain('tsunagi');

    expect(await keyring.unlockWithPin('s-001', '222222', NOW)).toEqual({ ok: false, reason: 'wiped' });
    expect(await databases()).not.toContain('tsunagi');
    expect(db.isOpen()).toBe(false);
  });

  it('finishes an interrupted wipe at the next try', async () => {
    const { db, keyring, databases } = await setUp();
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPinWrap('s-001', PIN, dataKey, LEASE);
    await db.keyring.put({ id: 'unlockFailures', kind: 'unlockFailures', count: MAX_UNLOCK_FAILURES });
    expect(await keyring.unlockWithPin('s-001', PIN, NOW)).toEqual({ ok: false, reason: 'wiped' });
    expect(await databases()).not.toContain('tsunagi');
  });

  it('refuses offline unlock once the lease has expired, deleting the share and counting no try', async () => {
    const { db, keyring } = await setUp();
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPinWrap('s-001', PIN, dataKey, LEASE);
    expect(await keyring.unlockWithPin('s-001', PIN, new Date('2025-09-08T00:00:01Z'))).toEqual({ ok: false, reason: 'leaseExpired' });
    expect(await db.keyring.get('lease')).toBeUndefined();
    expect(await db.keyring.get('unlockFailures')).toBeUndefined();
    // A new online sign-in brings a new lease; the PIN wrap made with it works again.
    await keyring.saveLease(bytes(0x23), '2025-09-15T00:00:00Z');
    await keyring.addPinWrap('s-001', PIN, await keyring.unwrapWithEscrow(ESCROW), bytes(0x23));
    expect(await keyring.unlockWithPin('s-001', PIN, new Date('2025-09-09T00:00:00Z'))).toEqual({ ok: true, dataKey });
    db.close();
  });

  it('says noWrap for a staff member without a PIN on this device, without counting a try', async () => {
    const { db, keyring } = await setUp();
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPinWrap('s-001', PIN, dataKey, LEASE);
    expect(await keyring.unlockWithPin('s-002', PIN, NOW)).toEqual({ ok: false, reason: 'noWrap' });
    expect(await db.keyring.get('unlockFailures')).toBeUndefined();
    db.close();
  });

  it('does not open a PIN wrap copied into another staff member’s slot', async () => {
    const { db, keyring } = await setUp();
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPinWrap('s-001', PIN, dataKey, LEASE);
    const row = await db.keyring.get('pin:s-001');
    await db.keyring.put({ ...(row as object), id: 'pin:s-002', staffId: 's-002' } as never);
    expect(await keyring.unlockWithPin('s-002', PIN, NOW)).toEqual({ ok: false, reason: 'wrongSecret', attemptsLeft: 4 });
    db.close();
  });

  it('unlocks with a passkey PRF output, counts a wrong one, and lists unlocks per staff member', async () => {
    const { db, keyring } = await setUp();
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPrfWrap('s-001', 'cred-A', PRF, dataKey, LEASE);
    await keyring.addPinWrap('s-002', PIN, dataKey, LEASE);
    expect(await keyring.unlockWithPrf('cred-A', bytes(0x34), NOW)).toEqual({ ok: false, reason: 'wrongSecret', attemptsLeft: 4 });
    expect(await keyring.unlockWithPrf('cred-A', PRF, NOW)).toEqual({ ok: true, dataKey });
    expect(await keyring.unlockWithPrf('cred-B', PRF, NOW)).toEqual({ ok: false, reason: 'noWrap' });
    expect(await keyring.hasOfflineUnlock('s-001')).toEqual({ pin: [], prf: [{ credentialId: 'cred-A', staffId: 's-001' }] });
    expect(await keyring.hasOfflineUnlock('s-002')).toEqual({ pin: ['s-002'], prf: [] });
    expect(await storesBytes(db, PRF)).toBe(false);
    expect(await storesBytes(db, dataKey)).toBe(false);
    db.close();
  });

  it('wipes on request: keyring rows first, then the database', async () => {
    const indexedDB = new IDBFactory();
    const events: string[] = [];
    const deleteDatabase = indexedDB.deleteDatabase.bind(indexedDB);
    indexedDB.deleteDatabase = (name: string) => {
      events.push(`deleteDatabase ${name}`);
      return deleteDatabase(name);
    };
    const db = createTsunagiDb({ indexedDB, IDBKeyRange });
    db.keyring.hook('deleting', (id) => void events.push(`keyring ${String(id)}`));
    const keyring = createDeviceKeyring(db, { pinIterations: 1000 });
    const dataKey = await keyring.createDataKey(ESCROW);
    await keyring.saveLease(LEASE, LEASE_UNTIL);
    await keyring.addPinWrap('s-001', PIN, dataKey, LEASE);
    await keyring.wipe();
    expect(events.slice(0, 3).sort()).toEqual(['keyring escrow', 'keyring lease', 'keyring pin:s-001']);
    expect(events.slice(3)).toEqual(['deleteDatabase tsunagi']);
    expect((await indexedDB.databases()).map((d: { name?: string }) => d.name)).not.toContain('tsunagi');
    await expect(keyring.readDevice()).rejects.toMatchObject({ code: 'databaseClosed' });
  });
});
