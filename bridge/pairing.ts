/**
 * Pairing an app origin with the bridge (the way Fortify pairs origins): the bridge shows a 6-digit code,
 * the person types it into the app, and the app receives a random token bound to its origin. Later
 * connections present the token in `hello`. Only the token's SHA-256 is stored.
 *
 * Guessing is bounded: after `maxAttempts` wrong codes (counted across all connections) the code is replaced
 * by a new one and pairing is locked for `lockoutMs`, doubling with each further lockout up to
 * `maxLockoutMs`; a success resets the lockout. Every code is used once: a successful pairing shows a new
 * code for the next one. Decisions are taken synchronously before any await, so concurrent attempts cannot
 * slip past the counter.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PairingStore } from './pairing-store.ts';

export interface PairingDeps {
  store: PairingStore;
  clock: () => Date;
  /** Cryptographically random bytes. */
  random: (size: number) => Uint8Array;
  /** Shows a new code to the person at the computer (the terminal, the log, the code file). */
  onCode?: (code: string) => void;
  maxAttempts?: number;
  lockoutMs?: number;
  maxLockoutMs?: number;
}

export type PairOutcome =
  | { ok: true; token: string; tokenHash: string }
  | { ok: false; code: 'wrongPairingCode'; attemptsLeft: number }
  | { ok: false; code: 'pairingLocked'; retryAfterMs: number };

export interface Pairing {
  /** The code on display now. */
  currentCode(): string;
  pair(origin: string, code: string): Promise<PairOutcome>;
  /** The token's hash when `token` is paired with `origin`, else null. */
  authenticate(origin: string, token: string): Promise<string | null>;
  /** Whether a pairing checked earlier still exists (it may have been removed with `--unpair`). */
  isStillPaired(origin: string, tokenHash: string): Promise<boolean>;
}

export const PAIRING_DEFAULTS = { maxAttempts: 5, lockoutMs: 30_000, maxLockoutMs: 15 * 60_000 } as const;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A uniformly random 6-digit code (rejection sampling: 4294 × 10⁶ is the largest multiple below 2³²). */
export function randomPairingCode(random: (size: number) => Uint8Array): string {
  for (;;) {
    const b = random(4);
    const n = (((b[0] ?? 0) << 24) >>> 0) + ((b[1] ?? 0) << 16) + ((b[2] ?? 0) << 8) + (b[3] ?? 0);
    if (n < 4_294_000_000) return String(n % 1_000_000).padStart(6, '0');
  }
}

export function createPairing(deps: PairingDeps): Pairing {
  const maxAttempts = deps.maxAttempts ?? PAIRING_DEFAULTS.maxAttempts;
  const baseLockoutMs = deps.lockoutMs ?? PAIRING_DEFAULTS.lockoutMs;
  const maxLockoutMs = deps.maxLockoutMs ?? PAIRING_DEFAULTS.maxLockoutMs;
  let code = '';
  let wrongAttempts = 0;
  let lockedUntil = 0;
  let lockouts = 0;

  function rotate(): void {
    code = randomPairingCode(deps.random);
    deps.onCode?.(code);
  }
  rotate();

  async function pair(origin: string, candidate: string): Promise<PairOutcome> {
    const now = deps.clock().getTime();
    if (now < lockedUntil) return { ok: false, code: 'pairingLocked', retryAfterMs: lockedUntil - now };
    if (!sameText(candidate, code)) {
      wrongAttempts += 1;
      if (wrongAttempts < maxAttempts) return { ok: false, code: 'wrongPairingCode', attemptsLeft: maxAttempts - wrongAttempts };
      const lockoutMs = Math.min(maxLockoutMs, baseLockoutMs * 2 ** lockouts);
      lockouts += 1;
      wrongAttempts = 0;
      lockedUntil = now + lockoutMs;
      rotate();
      return { ok: false, code: 'pairingLocked', retryAfterMs: lockoutMs };
    }
    wrongAttempts = 0;
    lockouts = 0;
    rotate();
    const token = Buffer.from(deps.random(32)).toString('base64url');
    const tokenHash = hashToken(token);
    await deps.store.add({ origin, tokenHash, createdAt: new Date(now).toISOString() });
    return { ok: true, token, tokenHash };
  }

  async function authenticate(origin: string, token: string): Promise<string | null> {
    const tokenHash = hashToken(token);
    return (await isStillPaired(origin, tokenHash)) ? tokenHash : null;
  }

  async function isStillPaired(origin: string, tokenHash: string): Promise<boolean> {
    const pairings = await deps.store.list();
    let found = false;
    for (const p of pairings) if (p.origin === origin && sameText(p.tokenHash, tokenHash)) found = true;
    return found;
  }

  return { currentCode: () => code, pair, authenticate, isStillPaired };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
