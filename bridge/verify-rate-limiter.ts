/**
 * A sliding-window limit on PIN VERIFY commands: at most `max` in any `windowMs`, per key (the reader).
 * The card itself blocks a PIN after three wrong tries; this limit keeps a misbehaving page from spending
 * those tries in a burst before anyone can react. Keyed by reader, so opening a new session does not
 * reset it.
 */
export interface VerifyRateLimiter {
  /** Records an attempt now, or says how long to wait when the limit is reached (nothing recorded then). */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number };
}

export const VERIFY_LIMIT_DEFAULTS = { max: 3, windowMs: 10_000 } as const;

export function createVerifyRateLimiter(clock: () => Date, limit: { max: number; windowMs: number } = VERIFY_LIMIT_DEFAULTS): VerifyRateLimiter {
  const attempts = new Map<string, number[]>();
  return {
    take(key) {
      const now = clock().getTime();
      const recent = (attempts.get(key) ?? []).filter((t) => now - t < limit.windowMs);
      if (recent.length >= limit.max) {
        attempts.set(key, recent);
        return { ok: false, retryAfterMs: limit.windowMs - (now - (recent[0] ?? now)) };
      }
      recent.push(now);
      attempts.set(key, recent);
      return { ok: true };
    },
  };
}
