import { describe, expect, it } from 'vitest';
import { createVerifyRateLimiter } from './verify-rate-limiter.ts';

describe('VERIFY rate limit', () => {
  it('allows 3 per sliding 10 s per reader and says when the next one is allowed', () => {
    let now = 1_000_000;
    const limiter = createVerifyRateLimiter(() => new Date(now));
    expect(limiter.take('A')).toEqual({ ok: true }); // t = 0
    now += 4_000;
    expect(limiter.take('A')).toEqual({ ok: true }); // t = 4 s
    now += 1_000;
    expect(limiter.take('A')).toEqual({ ok: true }); // t = 5 s
    expect(limiter.take('B')).toEqual({ ok: true });
    now += 2_000;
    expect(limiter.take('A')).toEqual({ ok: false, retryAfterMs: 3_000 }); // t = 7 s: first expires at 10 s
    now += 3_000;
    expect(limiter.take('A')).toEqual({ ok: true }); // t = 10 s
    expect(limiter.take('A')).toEqual({ ok: false, retryAfterMs: 4_000 }); // t = 10 s: the 4 s one expires at 14 s
  });
});
