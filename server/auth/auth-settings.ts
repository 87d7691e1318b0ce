/**
 * The sign-in rules of a deployment: WebAuthn relying party, token and lease lifetimes, PIN lock-out. The
 * defaults follow the platform's own (access token 60 min) and the (idle lock 5 min, offline lease
 * 72 h); main.ts reads overrides from the environment.
 */
export interface AuthSettings {
  /** WebAuthn relying-party id: the host name the app is served from. */
  readonly rpId: string;
  readonly rpName: string;
  /** Origins a passkey ceremony may come from (scheme://host:port). */
  readonly origins: readonly string[];
  readonly accessTokenMinutes: number;
  readonly idleLockMinutes: number;
  readonly offlineLeaseHours: number;
  /** How long a device credential lasts before it must be renewed. */
  readonly deviceCredentialDays: number;
  readonly pinMaxFailures: number;
  readonly pinLockMinutes: number;
  readonly challengeMinutes: number;
}

export function defaultAuthSettings(port: number): AuthSettings {
  return {
    rpId: 'localhost',
    rpName: 'つなぎ',
    origins: [`http://localhost:${port}`, `https://localhost:${port}`],
    accessTokenMinutes: 60,
    idleLockMinutes: 5,
    offlineLeaseHours: 72,
    deviceCredentialDays: 365,
    pinMaxFailures: 5,
    pinLockMinutes: 15,
    challengeMinutes: 5,
  };
}
