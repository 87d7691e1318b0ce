/**
 * Rate limits for routes that invite guessing (sign-in, pairing, device registration): a token bucket per
 * (route name, client), refilled continuously at `refillPerMinute` up to `capacity`. A request takes one token;
 * with none left the answer is 429 with `Retry-After` in whole seconds (RFC 6585 §4, RFC 9110 §10.2.3) and the
 * ApiError `rateLimited`.
 *
 * Memory is bounded: the buckets sit in a Map kept in least-recently-used order; a bucket that has refilled to
 * full is the same as no bucket, so a few of the oldest are dropped on every request once full, and past
 * `maxKeys` the least recently used bucket is dropped (a flood of new addresses can then reset an idle client's
 * bucket, never grow the process).
 *
 * The client is the TCP peer. X-Forwarded-For is read only when the server is told it stands behind a proxy
 * (TRUST_PROXY=1), and then only its last entry: the one that proxy appended. Earlier entries are whatever the
 * client chose to send.
 */
import { isIP } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import { apiError } from './api-error.ts';

export interface RateLimitOptions {
  /** Names the limited route in the bucket key, so two limits never share tokens. */
  readonly name: string;
  /** Requests allowed in a burst. */
  readonly capacity: number;
  /** Tokens added per minute, continuously (12 = one every 5 s). */
  readonly refillPerMinute: number;
  readonly clock: () => Date;
  /** Whom the limit counts; default: the client address. */
  readonly key?: (c: Context) => string;
  /** Used by the default key: whether X-Forwarded-For names the client (config TRUST_PROXY). */
  readonly trustProxy?: boolean;
  /** At most this many buckets are kept (default 10,000). */
  readonly maxKeys?: number;
}

export interface ClientAddressOptions {
  /** Read the last X-Forwarded-For entry (set only behind a proxy that appends it). */
  readonly trustProxy?: boolean;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms since the epoch. */
  updatedAt: number;
}

const DEFAULT_MAX_KEYS = 10_000;
/** How many of the least recently used buckets are looked at per request for dropping when full. */
const SWEEP_PER_REQUEST = 4;

/**
 * The client's IP address: the TCP peer of the Node server (`c.env.incoming`, set by @hono/node-server), or
 * 'unknown' where there is none (in-process `app.request`). IPv4-mapped IPv6 (`::ffff:192.0.2.1`) is given as
 * IPv4. Also for the audit log's "from where".
 */
export function clientAddress(c: Context, options: ClientAddressOptions = {}): string {
  if (options.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded !== undefined && isIP(forwarded) !== 0) return unmapIpv4(forwarded);
  }
  const env = c.env as Partial<HttpBindings> | undefined;
  const remote = env?.incoming?.socket?.remoteAddress;
  return remote ? unmapIpv4(remote) : 'unknown';
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { name, capacity, refillPerMinute, clock } = options;
  if (!(capacity >= 1) || !(refillPerMinute > 0)) throw new RangeError(`rateLimit ${name}: capacity must be ≥ 1 and refillPerMinute > 0`);
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  const keyOf = options.key ?? ((c: Context) => clientAddress(c, { trustProxy: options.trustProxy ?? false }));
  const tokensPerMs = refillPerMinute / 60_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, now: number): void => {
    // A clock that steps back refills nothing (and takes nothing back).
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * tokensPerMs);
    bucket.updatedAt = Math.max(bucket.updatedAt, now);
  };

  const sweep = (now: number): void => {
    let looked = 0;
    for (const [key, bucket] of buckets) {
      if (looked++ >= SWEEP_PER_REQUEST) break;
      refill(bucket, now);
      if (bucket.tokens >= capacity) buckets.delete(key);
    }
    while (buckets.size >= maxKeys) {
      const oldest = buckets.keys().next();
      if (oldest.done) break;
      buckets.delete(oldest.value);
    }
  };

  return async (c, next) => {
    const now = clock().getTime();
    const key = `${name}\u0000${keyOf(c)}`;
    let bucket = buckets.get(key);
    if (bucket) {
      buckets.delete(key);
      refill(bucket, now);
    } else {
      sweep(now);
      bucket = { tokens: capacity, updatedAt: now };
    }
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      await next();
      return;
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / tokensPerMs / 1000));
    c.header('Retry-After', String(retryAfterSeconds));
    return apiError(c, 'rateLimited');
  };
}

function unmapIpv4(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}
