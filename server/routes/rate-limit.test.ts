import { Hono, type Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress, rateLimit, type RateLimitOptions } from './rate-limit.ts';

/** A clock the test moves by hand. */
function fakeClock(start = '2026-11-25T01:00:00Z') {
  let now = new Date(start).getTime();
  return { clock: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

/** The Node server's bindings as @hono/node-server passes them: only the socket's peer address is read. */
function fromAddress(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress } } };
}

function limitedApp(options: Omit<RateLimitOptions, 'clock' | 'name'> & { clock: () => Date }) {
  const app = new Hono();
  app.use('/api/sign-in', rateLimit({ name: 'signIn', ...options }));
  app.post('/api/sign-in', (c) => c.json({ ok: true }));
  return app;
}

const signIn = (app: Hono, address = '192.0.2.10', headers: Record<string, string> = {}) =>
  app.request('/api/sign-in', { method: 'POST', headers }, fromAddress(address));

describe('rateLimit', () => {
  it('allows a burst up to capacity, then answers 429 with Retry-After and the ApiError', async () => {
    const { clock } = fakeClock();
    // 5 at once, then one more every 12 s.
    const app = limitedApp({ capacity: 5, refillPerMinute: 5, clock });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(app)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const refused = await signIn(app);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('12');
    expect(await refused.json()).toEqual({ code: 'rateLimited', message: '試行回数が多すぎます。しばらく待ってからもう一度お試しください。' });
  });

  it('refills over time: one token per 60/refillPerMinute seconds, Retry-After counting down, never above capacity', async () => {
    const { clock, advance } = fakeClock();
    const app = limitedApp({ capacity: 2, refillPerMinute: 6, clock }); // one token every 10 s
    expect((await signIn(app)).status).toBe(200);
    expect((await signIn(app)).status).toBe(200);
    expect((await signIn(app)).headers.get('retry-after')).toBe('10');

    advance(4_000);
    expect((await signIn(app)).headers.get('retry-after')).toBe('6');
    advance(6_000); // 10 s after the bucket emptied: one token
    expect((await signIn(app)).status).toBe(200);
    expect((await signIn(app)).status).toBe(429);

    advance(60 * 60_000); // an hour idle refills only to capacity (2), not to 360
    expect((await signIn(app)).status).toBe(200);
    expect((await signIn(app)).status).toBe(200);
    expect((await signIn(app)).status).toBe(429);
  });

  it('rounds Retry-After up to whole seconds and never says 0', async () => {
    const { clock, advance } = fakeClock();
    const app = limitedApp({ capacity: 1, refillPerMinute: 7, clock }); // 60/7 = 8.571… s per token
    expect((await signIn(app)).status).toBe(200);
    expect((await signIn(app)).headers.get('retry-after')).toBe('9');
    advance(8_500);
    expect((await signIn(app)).headers.get('retry-after')).toBe('1');
    advance(72); // 8.572 s after the first request: the token is back
    expect((await signIn(app)).status).toBe(200);
  });

  it('keeps separate buckets per client address and per limit name', async () => {
    const { clock } = fakeClock();
    const app = new Hono();
    app.use('/api/sign-in', rateLimit({ name: 'signIn', capacity: 1, refillPerMinute: 1, clock }));
    app.use('/api/pair', rateLimit({ name: 'pair', capacity: 1, refillPerMinute: 1, clock }));
    app.post('/api/sign-in', (c) => c.text('ok'));
    app.post('/api/pair', (c) => c.text('ok'));

    expect((await signIn(app, '192.0.2.10')).status).toBe(200);
    expect((await signIn(app, '192.0.2.10')).status).toBe(429);
    expect((await signIn(app, '192.0.2.11')).status).toBe(200);
    expect((await signIn(app, '2001:db8::1')).status).toBe(200);
    expect((await app.request('/api/pair', { method: 'POST' }, fromAddress('192.0.2.10'))).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless told the server stands behind a proxy', async () => {
    const { clock } = fakeClock();
    const direct = limitedApp({ capacity: 1, refillPerMinute: 1, clock });
    expect((await signIn(direct, '192.0.2.10', { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(200);
    expect((await signIn(direct, '192.0.2.10', { 'X-Forwarded-For': '198.51.100.2' })).status).toBe(429);

    const behindProxy = limitedApp({ capacity: 1, refillPerMinute: 1, clock, trustProxy: true });
    expect((await signIn(behindProxy, '10.0.0.2', { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(200);
    expect((await signIn(behindProxy, '10.0.0.2', { 'X-Forwarded-For': '198.51.100.2' })).status).toBe(200);
    // A client-chosen first entry does not make a new client: the proxy's last entry counts.
    expect((await signIn(behindProxy, '10.0.0.2', { 'X-Forwarded-For': '203.0.113.9, 198.51.100.1' })).status).toBe(429);
  });

  it('counts by a custom key when given one', async () => {
    const { clock } = fakeClock();
    const app = limitedApp({ capacity: 1, refillPerMinute: 1, clock, key: (c) => c.req.header('x-staff-id') ?? 'none' });
    expect((await signIn(app, '192.0.2.10', { 'X-Staff-Id': 's-1' })).status).toBe(200);
    expect((await signIn(app, '192.0.2.99', { 'X-Staff-Id': 's-1' })).status).toBe(429);
    expect((await signIn(app, '192.0.2.10', { 'X-Staff-Id': 's-2' })).status).toBe(200);
  });

  it('keeps at most maxKeys buckets: past it the least recently used client starts afresh', async () => {
    const { clock } = fakeClock();
    const app = limitedApp({ capacity: 1, refillPerMinute: 1, clock, maxKeys: 3 });
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect((await signIn(app, address)).status).toBe(200);
    expect((await signIn(app, '192.0.2.1')).status).toBe(429); // .1 is now the most recently used
    expect((await signIn(app, '192.0.2.4')).status).toBe(200); // drops .2, the least recently used
    expect((await signIn(app, '192.0.2.2')).status).toBe(200); // forgotten, so a full bucket again (drops .3)
    expect((await signIn(app, '192.0.2.1')).status).toBe(429); // still remembered
  });

  it('drops buckets that have refilled, so an idle client costs no memory and a busy one is not pushed out', async () => {
    const { clock, advance } = fakeClock();
    const app = limitedApp({ capacity: 2, refillPerMinute: 2, clock, maxKeys: 2 }); // one token every 30 s
    expect((await signIn(app, '192.0.2.2')).status).toBe(200);
    expect((await signIn(app, '192.0.2.2')).status).toBe(200); // .2 empty at t = 0 s
    advance(1_000);
    expect((await signIn(app, '192.0.2.1')).status).toBe(200); // .1 has 1 left, full again at t = 31 s
    advance(39_000);
    // t = 40 s: .2 holds 1.33 tokens, .1 is full. A new client drops the full .1, not the least recently used .2.
    expect((await signIn(app, '192.0.2.3')).status).toBe(200);
    expect((await signIn(app, '192.0.2.2')).status).toBe(200);
    expect((await signIn(app, '192.0.2.2')).status).toBe(429);
  });

  it('refuses a limit that could never let a request through', () => {
    const { clock } = fakeClock();
    expect(() => rateLimit({ name: 'x', capacity: 0, refillPerMinute: 1, clock })).toThrow(RangeError);
    expect(() => rateLimit({ name: 'x', capacity: 1, refillPerMinute: 0, clock })).toThrow(RangeError);
  });
});

describe('clientAddress', () => {
  async function addressOf(env: unknown, headers: Record<string, string> = {}, trustProxy = false): Promise<string> {
    const app = new Hono();
    app.get('/', (c: Context) => c.text(clientAddress(c, { trustProxy })));
    return (await app.request('/', { headers }, env)).text();
  }

  it('gives the socket peer, IPv4-mapped IPv6 as IPv4, and unknown without a Node socket', async () => {
    expect(await addressOf(fromAddress('192.0.2.10'))).toBe('192.0.2.10');
    expect(await addressOf(fromAddress('::ffff:192.0.2.10'))).toBe('192.0.2.10');
    expect(await addressOf(fromAddress('2001:db8::7'))).toBe('2001:db8::7');
    expect(await addressOf(undefined)).toBe('unknown');
  });

  it("behind a proxy, takes X-Forwarded-For's last entry when it is an IP address, else the peer", async () => {
    expect(await addressOf(fromAddress('10.0.0.2'), { 'X-Forwarded-For': '203.0.113.9, 198.51.100.1' }, true)).toBe('198.51.100.1');
    expect(await addressOf(fromAddress('10.0.0.2'), { 'X-Forwarded-For': 'not-an-address' }, true)).toBe('10.0.0.2');
    expect(await addressOf(fromAddress('10.0.0.2'), { 'X-Forwarded-For': '198.51.100.1' }, false)).toBe('10.0.0.2');
  });
});
