/**
 * The device's sign-in state and its transitions, without Solid or the DOM: enroll the tablet, sign in
 * (online with the passkey or PIN; offline with the same factor against the wrapped data key while the
 * offline lease lasts), lock (the data key and the access token leave memory), sign out, and wipe when the
 * server says the device is revoked.
 *
 * Online sign-in is tried first; only when no server answers does the offline path run, so a revoked
 * device cannot keep unlocking offline once it has been told.
 */
import type { CourierKey, SignedInStaff, SignInResponse } from '../protocol/auth.ts';
import type { Provider } from '../domain/organisations.ts';
import { AdminApiError } from '../data/admin-api.ts';
import type { DeviceKeyring, OfflineUnlocks, UnlockOutcome } from '../data/device-keyring.ts';
import { fromBase64Url } from '../security/base64url.ts';
import type { DeviceKeyPair } from '../security/device-key-pair.ts';
import type { Vault } from '../security/vault.ts';
import type { Bytes } from '../security/web-crypto.ts';
import type { AuthApi } from './auth-api.ts';
import type { RememberedOffice } from './remembered-office.ts';

export type SessionPhase = 'starting' | 'enroll' | 'locked' | 'unlocked' | 'wiped';

export interface SessionMessage {
  readonly ja: string;
  readonly en: string;
}

export interface SessionState {
  readonly phase: SessionPhase;
  readonly device: { readonly deviceId: string; readonly name: string; readonly providerNumber: string } | undefined;
  readonly staff: SignedInStaff | undefined;
  readonly provider: Provider | undefined;
  /** Present after an online sign-in; absent after an offline unlock (the app then works from the device). */
  readonly accessToken: string | undefined;
  readonly vault: Vault | undefined;
  readonly idleLockMinutes: number;
  readonly offlineUnlocks: OfflineUnlocks;
  readonly busy: boolean;
  readonly message: SessionMessage | undefined;
  /** Set right after enrollment, to offer passkey registration once. */
  readonly offerPasskey: boolean;
}

/** What a passkey sign-in ceremony yields (passkey-ceremonies.ts makes it in the browser). */
export interface PasskeyAssertion {
  readonly response: unknown;
  readonly credentialId: string;
  readonly prfOutput: Bytes | undefined;
}

export interface SessionDeps {
  readonly keyring: DeviceKeyring;
  readonly api: AuthApi;
  readonly openVault: (dataKey: Uint8Array) => Promise<Vault>;
  readonly generateDeviceKeyPair: () => Promise<DeviceKeyPair>;
  readonly passkeys: {
    prfSalt(deviceId: string): Promise<Bytes>;
    register(options: Record<string, unknown>): Promise<unknown>;
    authenticate(options: Record<string, unknown>, prfSalt: Bytes): Promise<PasskeyAssertion>;
    offlineAssertion(credentialIds: readonly string[], prfSalt: Bytes): Promise<{ credentialId: string; prfOutput: Bytes | undefined }>;
  };
  readonly now: () => Date;
  /** Remembered across restarts so the offline app knows its office and who signed in (see remembered-office.ts). */
  readonly remember: (provider: Provider, idleLockMinutes: number, staff: SignedInStaff) => Promise<void>;
  readonly recall: () => Promise<RememberedOffice | undefined>;
  /** Keeps the staff member's courier key sealed in the vault (src/data/courier-keys.ts). */
  readonly keepCourierKey: (vault: Vault, staffId: string, courierKey: CourierKey) => Promise<void>;
}

export interface SessionController {
  getState(): SessionState;
  subscribe(listener: (state: SessionState) => void): () => void;
  start(): Promise<void>;
  enroll(input: { activationCode: string; deviceName: string; pin: string }): Promise<void>;
  signInWithPin(staffId: string, pin: string): Promise<void>;
  signInWithPasskey(): Promise<void>;
  registerPasskey(): Promise<boolean>;
  dismissPasskeyOffer(): void;
  lock(message?: SessionMessage): void;
  signOut(): Promise<void>;
  /** The server answered "device revoked": destroy the data key and everything stored. */
  wipe(): Promise<void>;
  /** The server refused the access token: lock with a note. */
  sessionEnded(): void;
  /** Asks the server whether this device still stands (on start and when the connection returns). */
  checkDevice(): Promise<void>;
}

export const DEFAULT_IDLE_LOCK_MINUTES = 5;

const MESSAGES = {
  wrongPin: (left: number): SessionMessage => ({ ja: `PINが違います。あと${left}回間違えると、この端末のデータを消去します。`, en: `Wrong PIN. ${left} more wrong attempts erase this device's data.` }),
  wrongPasskey: (left: number): SessionMessage => ({ ja: `このパスキーではこの端末を開けません。あと${left}回失敗すると、この端末のデータを消去します。`, en: `This passkey does not open this device. ${left} more failures erase this device's data.` }),
  leaseExpired: { ja: 'オフラインで使える期間が過ぎました。一度オンラインでサインインしてください。', en: 'The offline period has ended. Sign in online once.' },
  noWrap: { ja: 'この端末ではオフラインでサインインできません（この職員は一度もオンラインでサインインしていません）。', en: 'Offline sign-in is not set up for this staff member on this device.' },
  offlineNoPasskey: { ja: 'オフラインではPINでサインインしてください（パスキーでのオフライン解除は未設定です）。', en: 'Offline, sign in with your PIN (passkey offline unlock is not set up).' },
  passkeyCancelled: { ja: 'パスキーでの確認が完了しませんでした。もう一度お試しいただくか、PINでサインインしてください。', en: 'The passkey check did not complete. Try again or use your PIN.' },
  sessionEnded: { ja: 'サインインの有効期限が切れました。もう一度サインインしてください。', en: 'Your sign-in has expired. Please sign in again.' },
  locked: { ja: '一定時間操作がなかったため、画面をロックしました。', en: 'Locked after a period without use.' },
} as const;

/** English for the server's sign-in refusals (the server's own message is the Japanese). */
const SERVER_MESSAGES_EN: Record<string, string> = {
  signInFailed: 'Could not sign in. Check the staff ID and the PIN (or passkey).',
  pinLocked: 'The PIN is locked for a while after repeated wrong entries.',
  pinTooWeak: 'This PIN cannot be used.',
  activationCodeInvalid: 'The activation code is wrong, expired or already used.',
  rateLimited: 'Too many attempts. Wait a moment and try again.',
  deviceCredentialExpired: 'This device’s enrollment has expired. Ask an administrator to enroll it again.',
  deviceClockSkew: 'This device’s clock is far off. Check the date and time settings.',
  deviceSignatureInvalid: 'The device’s signature could not be checked.',
};

const NO_UNLOCKS: OfflineUnlocks = { pin: [], prf: [] };

export function createSessionController(deps: SessionDeps): SessionController {
  let state: SessionState = {
    phase: 'starting',
    device: undefined,
    staff: undefined,
    provider: undefined,
    accessToken: undefined,
    vault: undefined,
    idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,
    offlineUnlocks: NO_UNLOCKS,
    busy: false,
    message: undefined,
    offerPasskey: false,
  };
  const listeners = new Set<(state: SessionState) => void>();
  const set = (patch: Partial<SessionState>): void => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };

  const messageOf = (error: unknown): SessionMessage => {
    if (error instanceof AdminApiError) return { ja: error.messageJa, en: (error.serverCode && SERVER_MESSAGES_EN[error.serverCode]) || error.messageEn };
    if (error instanceof Error && 'messageJa' in error && 'messageEn' in error) return { ja: String(error.messageJa), en: String(error.messageEn) };
    return { ja: 'サインインできませんでした。', en: 'Could not sign in.' };
  };
  const isOffline = (error: unknown): boolean => error instanceof AdminApiError && error.code === 'network';
  const isRevoked = (error: unknown): boolean => error instanceof AdminApiError && (error.serverCode === 'deviceRevoked' || error.serverCode === 'deviceUnknown');

  async function busy(work: () => Promise<void>): Promise<void> {
    set({ busy: true, message: undefined });
    try {
      await work();
    } catch (error) {
      if (isRevoked(error)) await controller.wipe();
      else set({ message: messageOf(error) });
    } finally {
      set({ busy: false });
    }
  }

  async function completeOnline(response: SignInResponse, secret: { pin: string } | { credentialId: string; prfOutput: Bytes | undefined }): Promise<void> {
    const dataKey = await deps.keyring.unwrapWithEscrow(fromBase64Url(response.escrowKey));
    try {
      const leaseShare = fromBase64Url(response.leaseShare);
      await deps.keyring.saveLease(leaseShare, response.leaseExpiresAt);
      if ('pin' in secret) await deps.keyring.addPinWrap(response.staff.staffId, secret.pin, dataKey, leaseShare);
      else if (secret.prfOutput) await deps.keyring.addPrfWrap(response.staff.staffId, secret.credentialId, secret.prfOutput, dataKey, leaseShare);
      const vault = await deps.openVault(dataKey);
      if (response.courierKey) await deps.keepCourierKey(vault, response.staff.staffId, response.courierKey);
      await deps.remember(response.provider, response.idleLockMinutes, response.staff);
      set({
        phase: 'unlocked',
        staff: response.staff,
        provider: response.provider,
        accessToken: response.accessToken,
        vault,
        idleLockMinutes: response.idleLockMinutes,
        offlineUnlocks: await deps.keyring.hasOfflineUnlock(),
      });
    } finally {
      dataKey.fill(0);
    }
  }

  async function completeOffline(outcome: UnlockOutcome, staffId: string, method: 'pin' | 'passkey'): Promise<void> {
    if (outcome.ok) {
      try {
        const vault = await deps.openVault(outcome.dataKey);
        const remembered = await deps.recall();
        const provider = remembered?.provider;
        set({
          phase: 'unlocked',
          staff: remembered?.staff.find((s) => s.staffId === staffId),
          provider,
          accessToken: undefined,
          vault,
          idleLockMinutes: remembered?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
        });
      } finally {
        outcome.dataKey.fill(0);
      }
      return;
    }
    if (outcome.reason === 'wiped') {
      set({ phase: 'wiped', device: undefined, vault: undefined, accessToken: undefined, staff: undefined, provider: undefined, offlineUnlocks: NO_UNLOCKS });
      return;
    }
    if (outcome.reason === 'wrongSecret') set({ message: method === 'pin' ? MESSAGES.wrongPin(outcome.attemptsLeft) : MESSAGES.wrongPasskey(outcome.attemptsLeft) });
    else set({ message: outcome.reason === 'leaseExpired' ? MESSAGES.leaseExpired : MESSAGES.noWrap });
  }

  const controller: SessionController = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      const device = await deps.keyring.readDevice();
      if (!device) {
        set({ phase: 'enroll' });
        return;
      }
      const remembered = await deps.recall();
      set({
        phase: 'locked',
        device: { deviceId: device.deviceId, name: device.name, providerNumber: device.providerNumber },
        provider: remembered?.provider,
        idleLockMinutes: remembered?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES,
        offlineUnlocks: await deps.keyring.hasOfflineUnlock(),
      });
      await controller.checkDevice();
    },

    enroll: (input) =>
      busy(async () => {
        const keys = await deps.generateDeviceKeyPair();
        const response = await deps.api.enroll({ activationCode: input.activationCode, deviceName: input.deviceName, publicKey: keys.publicKeyJwk, pin: input.pin });
        const dataKey = await deps.keyring.createDataKey(fromBase64Url(response.escrowKey));
        dataKey.fill(0);
        await deps.keyring.saveDevice({
          deviceId: response.deviceId,
          providerNumber: response.provider.providerNumber,
          name: input.deviceName,
          privateKey: keys.privateKey,
          publicKeyJwk: keys.publicKeyJwk,
          enrolledAt: deps.now().toISOString(),
          credentialExpiresAt: response.credentialExpiresAt,
        });
        set({ device: { deviceId: response.deviceId, name: input.deviceName, providerNumber: response.provider.providerNumber } });
        await completeOnline(response, { pin: input.pin });
        set({ offerPasskey: true });
      }),

    signInWithPin: (staffId, pin) =>
      busy(async () => {
        try {
          await completeOnline(await deps.api.signInWithPin(staffId, pin), { pin });
        } catch (error) {
          if (!isOffline(error)) throw error;
          await completeOffline(await deps.keyring.unlockWithPin(staffId, pin, deps.now()), staffId, 'pin');
        }
      }),

    signInWithPasskey: () =>
      busy(async () => {
        const device = state.device;
        if (!device) return;
        const salt = await deps.passkeys.prfSalt(device.deviceId);
        let options: Record<string, unknown> | undefined;
        try {
          options = await deps.api.passkeyOptions();
        } catch (error) {
          if (!isOffline(error)) throw error;
        }
        if (options) {
          let assertion: PasskeyAssertion;
          try {
            assertion = await deps.passkeys.authenticate(options, salt);
          } catch {
            set({ message: MESSAGES.passkeyCancelled });
            return;
          }
          await completeOnline(await deps.api.signInWithPasskey(assertion.response), { credentialId: assertion.credentialId, prfOutput: assertion.prfOutput });
          return;
        }
        const wraps = (await deps.keyring.hasOfflineUnlock()).prf;
        if (wraps.length === 0) {
          set({ message: MESSAGES.offlineNoPasskey });
          return;
        }
        let local: { credentialId: string; prfOutput: Bytes | undefined };
        try {
          local = await deps.passkeys.offlineAssertion(
            wraps.map((w) => w.credentialId),
            salt,
          );
        } catch {
          set({ message: MESSAGES.passkeyCancelled });
          return;
        }
        const staffId = wraps.find((w) => w.credentialId === local.credentialId)?.staffId ?? '';
        if (!local.prfOutput) {
          set({ message: MESSAGES.offlineNoPasskey });
          return;
        }
        await completeOffline(await deps.keyring.unlockWithPrf(local.credentialId, local.prfOutput, deps.now()), staffId, 'passkey');
      }),

    async registerPasskey() {
      let registered = false;
      await busy(async () => {
        const options = await deps.api.registrationOptions();
        let response: unknown;
        try {
          response = await deps.passkeys.register(options);
        } catch {
          set({ message: { ja: 'パスキーを登録できませんでした。この端末が生体認証や画面ロックに対応しているか確かめてください。', en: 'Could not register a passkey on this device.' } });
          return;
        }
        await deps.api.registerPasskey(response);
        registered = true;
        set({ offerPasskey: false, message: { ja: 'パスキーを登録しました。次回からパスキーでサインインできます。', en: 'Passkey registered.' } });
      });
      return registered;
    },

    dismissPasskeyOffer() {
      set({ offerPasskey: false });
    },

    lock(message) {
      if (state.phase !== 'unlocked') return;
      set({ phase: 'locked', vault: undefined, accessToken: undefined, staff: undefined, offerPasskey: false, message: message ?? MESSAGES.locked });
    },

    async signOut() {
      const token = state.accessToken;
      if (token) await deps.api.signOut().catch(() => undefined);
      set({ phase: 'locked', vault: undefined, accessToken: undefined, staff: undefined, offerPasskey: false, message: { ja: 'サインアウトしました。', en: 'Signed out.' } });
    },

    async wipe() {
      await deps.keyring.wipe();
      set({ phase: 'wiped', device: undefined, vault: undefined, accessToken: undefined, staff: undefined, provider: undefined, offlineUnlocks: NO_UNLOCKS });
    },

    sessionEnded() {
      if (state.phase === 'unlocked') controller.lock(MESSAGES.sessionEnded);
    },

    async checkDevice() {
      if (!state.device) return;
      try {
        await deps.api.deviceStatus();
      } catch (error) {
        if (isRevoked(error)) await controller.wipe();
      }
    },
  };
  return controller;
}
