import { readCourierSealing, saveCourierKey } from '../data/courier-keys.ts';
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { SignedInStaff } from '../protocol/auth.ts';
import { createDeviceKeyring } from '../data/device-keyring.ts';
import { createTsunagiDb } from '../data/tsunagi-db.ts';
import { generateDeviceKeyPair, type DeviceKeyPair } from '../security/device-key-pair.ts';
import { openVault } from '../security/vault.ts';
import type { Bytes } from '../security/web-crypto.ts';
import { createFakeAuthServer, FAKE_PROVIDER, LEASE_DAYS } from './fake-auth-api.testing.ts';
import { recallOffice, rememberOffice } from './remembered-office.ts';
import { createSessionController, type SessionDeps } from './session-controller.ts';

const SATO: SignedInStaff = { staffId: 'helper-sato', name: '佐藤 花子', role: 'helper', providerNumber: FAKE_PROVIDER.providerNumber };
const ACTIVATION_CODE = 'K7QM-3XPD-9VRT';
const PIN = '482915';
const WRONG_PIN = '482916';
const START = new Date('2026-11-02T09:00:00.000Z');
const DB_NAME = 'tsunagi-session-test';
const CREDENTIAL_ID = 'Y3JlZC1zYXRvLTE';
const DAY_MS = 86_400_000;

const bytes = (fill: number): Bytes => new Uint8Array(32).fill(fill);

/** A passkey whose PRF output the test chooses (a real authenticator derives it from its secret and the salt). */
function createFakePasskeys() {
  const fake = {
    prfOutput: bytes(0x5a) as Bytes | undefined,
    cancel: false,
    salts: [] as Bytes[],
    async prfSalt(deviceId: string): Promise<Bytes> {
      return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`tsunagi/prf/${deviceId}`)));
    },
    async register(_options: Record<string, unknown>): Promise<unknown> {
      if (fake.cancel) throw new DOMException('cancelled', 'NotAllowedError');
      return { id: CREDENTIAL_ID, type: 'public-key' };
    },
    async authenticate(_options: Record<string, unknown>, salt: Bytes) {
      fake.salts.push(salt);
      if (fake.cancel) throw new DOMException('cancelled', 'NotAllowedError');
      return { response: { id: CREDENTIAL_ID, type: 'public-key' }, credentialId: CREDENTIAL_ID, prfOutput: fake.prfOutput };
    },
    async offlineAssertion(credentialIds: readonly string[], salt: Bytes) {
      fake.salts.push(salt);
      if (fake.cancel || !credentialIds.includes(CREDENTIAL_ID)) throw new DOMException('cancelled', 'NotAllowedError');
      return { credentialId: CREDENTIAL_ID, prfOutput: fake.prfOutput };
    },
  };
  return fake;
}

async function setUp() {
  const indexedDB = new IDBFactory();
  const db = createTsunagiDb({ name: DB_NAME, indexedDB, IDBKeyRange });
  await db.open();
  const keyring = createDeviceKeyring(db, { pinIterations: 1000 });
  let now = START;
  const clock = {
    now: () => now,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
  const server = createFakeAuthServer({ now: clock.now, activationCodes: new Map([[ACTIVATION_CODE, SATO]]) });
  const passkeys = createFakePasskeys();
  const pairs: DeviceKeyPair[] = [];
  const deps: SessionDeps = {
    keyring,
    api: server.api,
    openVault,
    generateDeviceKeyPair: async () => {
      const pair = await generateDeviceKeyPair();
      pairs.push(pair);
      return pair;
    },
    passkeys,
    now: clock.now,
    remember: (provider, minutes, staff) => rememberOffice(db, provider, minutes, staff),
    recall: () => recallOffice(db),
    keepCourierKey: (vault, staffId, courierKey) => saveCourierKey(db, vault, staffId, courierKey),
  };
  const controller = createSessionController(deps);
  const databases = async () => (await indexedDB.databases()).map((d: { name?: string }) => d.name);
  /** A second controller on the same database, as after a reload. */
  const restart = () => createSessionController(deps);
  return { db, indexedDB, keyring, clock, server, passkeys, pairs, controller, databases, restart };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

/** Starts, enrolls Sato with PIN and locks: the device's state at the start of a working day. */
async function enrolledAndLocked(): Promise<Setup> {
  const setup = await setUp();
  await setup.controller.start();
  await setup.controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });
  expect(setup.controller.getState().phase).toBe('unlocked');
  setup.controller.lock();
  return setup;
}

/** The vault opens what the first session's vault sealed only when both hold the same data key. */
async function sealProbe(setup: Setup) {
  const vault = setup.controller.getState().vault;
  if (!vault) throw new Error('no vault');
  return vault.seal('person', '131016-0000012345', { nameKana: 'テスト タロウ' });
}

describe('session controller', () => {
  it('asks for enrollment when the device holds no identity', async () => {
    const { controller, server, db } = await setUp();
    expect(controller.getState().phase).toBe('starting');
    await controller.start();
    expect(controller.getState().phase).toBe('enroll');
    expect(controller.getState().device).toBeUndefined();
    // No device, nothing to ask the server about.
    expect(server.calls).toEqual([]);
    db.close();
  });

  it('enrolls: unlocked with a vault and a token, the passkey offered once, the device and its PIN wrap kept', async () => {
    const { controller, keyring, pairs, server, db } = await setUp();
    const phases: string[] = [];
    controller.subscribe((state) => phases.push(state.phase));
    await controller.start();
    await controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });

    const state = controller.getState();
    expect(state.phase).toBe('unlocked');
    expect(state.busy).toBe(false);
    expect(state.message).toBeUndefined();
    expect(state.accessToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(state.vault).toBeDefined();
    expect(state.offerPasskey).toBe(true);
    expect(state.staff).toEqual(SATO);
    expect(state.provider).toEqual(FAKE_PROVIDER);
    expect(state.device).toEqual({ deviceId: 'dev-0001', name: '訪問用タブレット1', providerNumber: '1310100001' });
    expect(state.offlineUnlocks).toEqual({ pin: ['helper-sato'], prf: [] });
    expect(phases[phases.length - 1]).toBe('unlocked');

    const device = await keyring.readDevice();
    expect(device).toMatchObject({ deviceId: 'dev-0001', name: '訪問用タブレット1', providerNumber: '1310100001', enrolledAt: '2026-11-02T09:00:00.000Z' });
    expect(pairs).toHaveLength(1);
    expect(device?.publicKeyJwk).toEqual(pairs[0]?.publicKeyJwk);
    expect(await keyring.readLease(START)).toEqual({ share: expect.any(Uint8Array) });
    expect(server.calls).toEqual(['enroll']);

    controller.dismissPasskeyOffer();
    expect(controller.getState().offerPasskey).toBe(false);
    db.close();
  });

  it('locks: the vault, the token and the staff member leave the state, the device stays', async () => {
    const setup = await setUp();
    await setup.controller.start();
    await setup.controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });
    setup.controller.lock();
    const state = setup.controller.getState();
    expect(state.phase).toBe('locked');
    expect(state.vault).toBeUndefined();
    expect(state.accessToken).toBeUndefined();
    expect(state.staff).toBeUndefined();
    expect(state.offerPasskey).toBe(false);
    expect(state.message?.en).toBe('Locked after a period without use.');
    expect(state.device?.deviceId).toBe('dev-0001');
    expect((await setup.keyring.readDevice())?.deviceId).toBe('dev-0001');
    setup.db.close();
  });

  it('signs in online with the PIN: unlocked with a token, the same data key as at enrollment', async () => {
    const setup = await setUp();
    await setup.controller.start();
    await setup.controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });
    const sealed = await sealProbe(setup);
    const firstToken = setup.controller.getState().accessToken;
    setup.controller.lock();

    await setup.controller.signInWithPin('helper-sato', PIN);
    const state = setup.controller.getState();
    expect(state.phase).toBe('unlocked');
    expect(state.accessToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(state.accessToken).not.toBe(firstToken);
    expect(state.staff).toEqual(SATO);
    expect(await state.vault?.open(sealed)).toEqual({ nameKana: 'テスト タロウ' });
    expect(setup.server.calls).toEqual(['enroll', 'signInWithPin']);
    setup.db.close();
  });

  it('shows the server’s message for a wrong PIN online and counts no offline try', async () => {
    const setup = await enrolledAndLocked();
    await setup.controller.signInWithPin('helper-sato', WRONG_PIN);
    const state = setup.controller.getState();
    expect(state.phase).toBe('locked');
    expect(state.message?.ja).toBe('サインインできませんでした。');
    expect(await setup.db.keyring.get('unlockFailures')).toBeUndefined();
    setup.db.close();
  });

  it('unlocks offline with the PIN: no token, the staff member recalled from the device', async () => {
    const setup = await enrolledAndLocked();
    setup.server.offline = true;
    setup.clock.advance(2 * DAY_MS);
    await setup.controller.signInWithPin('helper-sato', PIN);
    const state = setup.controller.getState();
    expect(state.phase).toBe('unlocked');
    expect(state.accessToken).toBeUndefined();
    expect(state.vault).toBeDefined();
    expect(state.staff?.name).toBe('佐藤 花子');
    expect(state.provider).toEqual(FAKE_PROVIDER);
    expect(state.idleLockMinutes).toBe(5);
    expect(state.message).toBeUndefined();
    expect(setup.server.calls).toEqual(['enroll', 'signInWithPin']);
    setup.db.close();
  });

  it('keeps the courier key of each online sign-in sealed in the vault, readable after an offline unlock until it expires', async () => {
    const setup = await enrolledAndLocked();
    await setup.controller.signInWithPin('helper-sato', PIN);
    setup.controller.lock();
    setup.server.offline = true;
    await setup.controller.signInWithPin('helper-sato', PIN);
    const vault = setup.controller.getState().vault;
    if (!vault) throw new Error('not unlocked');
    const sealing = await readCourierSealing(setup.db, vault, 'helper-sato', setup.clock.now());
    expect(sealing).toMatchObject({ deviceId: 'dev-0001', keyId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(sealing?.key.extractable).toBe(false);
    expect(await readCourierSealing(setup.db, vault, 'someone-else', setup.clock.now())).toBeNull();
    expect(await readCourierSealing(setup.db, vault, 'helper-sato', new Date(setup.clock.now().getTime() + 31 * DAY_MS))).toBeNull();
    // Nothing of the key in the clear: the only row is sealed.
    const rows = await setup.db.sealed.where('kind').equals('courierKey').toArray();
    expect(rows).toHaveLength(1);
    setup.db.close();
  });

  it('reads the offline vault with the data key of the online session', async () => {
    const setup = await setUp();
    await setup.controller.start();
    await setup.controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });
    const sealed = await sealProbe(setup);
    setup.controller.lock();
    setup.server.offline = true;
    await setup.controller.signInWithPin('helper-sato', PIN);
    expect(await setup.controller.getState().vault?.open(sealed)).toEqual({ nameKana: 'テスト タロウ' });
    setup.db.close();
  });

  it('counts wrong offline PINs down and wipes the device on the fifth', async () => {
    const setup = await enrolledAndLocked();
    setup.server.offline = true;
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      await setup.controller.signInWithPin('helper-sato', WRONG_PIN);
      expect(setup.controller.getState().phase).toBe('locked');
      seen.push(setup.controller.getState().message?.en);
    }
    expect(seen).toEqual([
      "Wrong PIN. 4 more wrong attempts erase this device's data.",
      "Wrong PIN. 3 more wrong attempts erase this device's data.",
      "Wrong PIN. 2 more wrong attempts erase this device's data.",
      "Wrong PIN. 1 more wrong attempts erase this device's data.",
    ]);
    expect(setup.controller.getState().message?.ja).toBe('PINが違います。あと1回間違えると、この端末のデータを消去します。');

    await setup.controller.signInWithPin('helper-sato', WRONG_PIN);
    const state = setup.controller.getState();
    expect(state.phase).toBe('wiped');
    expect(state.device).toBeUndefined();
    expect(state.vault).toBeUndefined();
    // The same state as a wipe the server asked for: nothing left that the device no longer holds.
    expect(state.provider).toBeUndefined();
    expect(state.offlineUnlocks).toEqual({ pin: [], prf: [] });
    expect(await setup.databases()).not.toContain(DB_NAME);
  });

  it('starts the count again after an online sign-in', async () => {
    const setup = await enrolledAndLocked();
    setup.server.offline = true;
    for (let i = 0; i < 3; i++) await setup.controller.signInWithPin('helper-sato', WRONG_PIN);
    expect(setup.controller.getState().message?.en).toContain('2 more');
    setup.server.offline = false;
    await setup.controller.signInWithPin('helper-sato', PIN);
    setup.controller.lock();
    setup.server.offline = true;
    await setup.controller.signInWithPin('helper-sato', WRONG_PIN);
    expect(setup.controller.getState().message?.en).toContain('4 more');
    setup.db.close();
  });

  it('unlocks offline until the lease expires, then refuses and stays locked', async () => {
    const setup = await enrolledAndLocked();
    setup.server.offline = true;
    setup.clock.advance(LEASE_DAYS * DAY_MS - 60_000);
    await setup.controller.signInWithPin('helper-sato', PIN);
    expect(setup.controller.getState().phase).toBe('unlocked');
    setup.controller.lock();

    setup.clock.advance(60_000);
    await setup.controller.signInWithPin('helper-sato', PIN);
    const state = setup.controller.getState();
    expect(state.phase).toBe('locked');
    expect(state.vault).toBeUndefined();
    expect(state.message).toEqual({ ja: 'オフラインで使える期間が過ぎました。一度オンラインでサインインしてください。', en: 'The offline period has ended. Sign in online once.' });
    // The expired share is gone, and an expired lease counts no try.
    expect(await setup.db.keyring.get('lease')).toBeUndefined();
    expect(await setup.db.keyring.get('unlockFailures')).toBeUndefined();
    setup.db.close();
  });

  it('stays locked, not wiped, when it starts offline', async () => {
    const setup = await enrolledAndLocked();
    setup.server.offline = true;
    const again = setup.restart();
    await again.start();
    expect(again.getState().phase).toBe('locked');
    expect(again.getState().device?.deviceId).toBe('dev-0001');
    expect(again.getState().provider).toEqual(FAKE_PROVIDER);
    expect(again.getState().offlineUnlocks).toEqual({ pin: ['helper-sato'], prf: [] });
    expect(await setup.keyring.readDevice()).toBeDefined();
    setup.db.close();
  });

  it('wipes the device when the server says it is revoked on the start check', async () => {
    const setup = await enrolledAndLocked();
    setup.server.revoked = true;
    const again = setup.restart();
    await again.start();
    expect(setup.server.calls[setup.server.calls.length - 1]).toBe('deviceStatus');
    const state = again.getState();
    expect(state.phase).toBe('wiped');
    expect(state.device).toBeUndefined();
    expect(state.provider).toBeUndefined();
    expect(state.offlineUnlocks).toEqual({ pin: [], prf: [] });
    expect(await setup.databases()).not.toContain(DB_NAME);

    // A fresh connection to the same database finds no device and no wrap.
    const reopened = createTsunagiDb({ name: DB_NAME, indexedDB: setup.indexedDB, IDBKeyRange });
    await reopened.open();
    const keyring = createDeviceKeyring(reopened, { pinIterations: 1000 });
    expect(await keyring.readDevice()).toBeUndefined();
    expect(await keyring.hasOfflineUnlock()).toEqual({ pin: [], prf: [] });
    reopened.close();
  });

  it('wipes the device when a sign-in is answered deviceRevoked', async () => {
    const setup = await enrolledAndLocked();
    setup.server.revoked = true;
    await setup.controller.signInWithPin('helper-sato', PIN);
    expect(setup.controller.getState().phase).toBe('wiped');
    expect(setup.controller.getState().busy).toBe(false);
    expect(await setup.databases()).not.toContain(DB_NAME);
  });

  it('locks with the session message when the server ends the session, and only while unlocked', async () => {
    const setup = await setUp();
    await setup.controller.start();
    await setup.controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });
    setup.controller.sessionEnded();
    const state = setup.controller.getState();
    expect(state.phase).toBe('locked');
    expect(state.accessToken).toBeUndefined();
    expect(state.vault).toBeUndefined();
    expect(state.message).toEqual({ ja: 'サインインの有効期限が切れました。もう一度サインインしてください。', en: 'Your sign-in has expired. Please sign in again.' });

    await setup.controller.signInWithPin('helper-sato', WRONG_PIN);
    const before = setup.controller.getState().message;
    setup.controller.sessionEnded();
    expect(setup.controller.getState().message).toBe(before);
    setup.db.close();
  });

  it('signs out: locked with a note, the server told', async () => {
    const setup = await setUp();
    await setup.controller.start();
    await setup.controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });
    await setup.controller.signOut();
    expect(setup.controller.getState()).toMatchObject({ phase: 'locked', accessToken: undefined, vault: undefined, message: { en: 'Signed out.' } });
    expect(setup.server.calls).toEqual(['enroll', 'signOut']);
    setup.db.close();
  });

  it('signs in with a passkey online, keeps its PRF wrap, and unlocks offline only with the same PRF output', async () => {
    const setup = await setUp();
    await setup.controller.start();
    await setup.controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });
    const sealed = await sealProbe(setup);
    expect(await setup.controller.registerPasskey()).toBe(true);
    expect(setup.controller.getState().offerPasskey).toBe(false);
    expect(setup.server.passkeys.get(CREDENTIAL_ID)).toBe('helper-sato');
    setup.controller.lock();

    await setup.controller.signInWithPasskey();
    let state = setup.controller.getState();
    expect(state.phase).toBe('unlocked');
    expect(state.accessToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(state.staff).toEqual(SATO);
    expect(state.offlineUnlocks.prf).toEqual([{ credentialId: CREDENTIAL_ID, staffId: 'helper-sato' }]);
    expect((await setup.keyring.hasOfflineUnlock()).prf).toEqual([{ credentialId: CREDENTIAL_ID, staffId: 'helper-sato' }]);
    expect(setup.server.calls.slice(-2)).toEqual(['passkeyOptions', 'signInWithPasskey']);
    setup.controller.lock();

    setup.server.offline = true;
    await setup.controller.signInWithPasskey();
    state = setup.controller.getState();
    expect(state.phase).toBe('unlocked');
    expect(state.accessToken).toBeUndefined();
    expect(state.staff?.name).toBe('佐藤 花子');
    expect(await state.vault?.open(sealed)).toEqual({ nameKana: 'テスト タロウ' });
    setup.controller.lock();

    setup.passkeys.prfOutput = bytes(0x5b);
    await setup.controller.signInWithPasskey();
    state = setup.controller.getState();
    expect(state.phase).toBe('locked');
    expect(state.vault).toBeUndefined();
    expect(state.message?.en).toContain('This passkey does not open this device. 4 more failures');

    // Every ceremony asked for the PRF with this device's salt.
    const salt = await setup.passkeys.prfSalt('dev-0001');
    expect(setup.passkeys.salts).toHaveLength(3);
    for (const seen of setup.passkeys.salts) expect(seen).toEqual(salt);
    setup.db.close();
  });

  it('says so when a passkey without PRF signed in online and the device is later offline', async () => {
    const setup = await setUp();
    setup.passkeys.prfOutput = undefined;
    await setup.controller.start();
    await setup.controller.enroll({ activationCode: ACTIVATION_CODE, deviceName: '訪問用タブレット1', pin: PIN });
    await setup.controller.registerPasskey();
    setup.controller.lock();
    await setup.controller.signInWithPasskey();
    expect(setup.controller.getState().phase).toBe('unlocked');
    expect((await setup.keyring.hasOfflineUnlock()).prf).toEqual([]);
    setup.controller.lock();

    setup.server.offline = true;
    await setup.controller.signInWithPasskey();
    expect(setup.controller.getState().phase).toBe('locked');
    expect(setup.controller.getState().message?.en).toBe('Offline, sign in with your PIN (passkey offline unlock is not set up).');
    setup.db.close();
  });

  it('stays locked with a note when the passkey ceremony is cancelled', async () => {
    const setup = await enrolledAndLocked();
    setup.passkeys.cancel = true;
    await setup.controller.signInWithPasskey();
    expect(setup.controller.getState().phase).toBe('locked');
    expect(setup.controller.getState().message?.en).toBe('The passkey check did not complete. Try again or use your PIN.');
    expect(setup.server.calls).not.toContain('signInWithPasskey');
    setup.db.close();
  });
});
