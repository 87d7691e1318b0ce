import { describe, expect, it } from 'vitest';
import { CourierEnvelope } from '../protocol/courier.ts';
import { toBase64Url } from './base64url.ts';
import { importCourierKey, openCourierEnvelope, sealCourierEnvelope } from './courier-seal.ts';
import { randomBytes } from './web-crypto.ts';

const secret = () => toBase64Url(randomBytes(32));
const keyId = toBase64Url(randomBytes(16));
const content = { name: 'noticeAcknowledged' as const, version: 1, args: { eventId: 7, acknowledgedAt: '2026-12-05T01:00:00.000Z' } };

describe('courier envelopes', () => {
  it('opens with the same key, device and address, and fits the wire schema', async () => {
    const key = await importCourierKey(secret());
    const envelope = await sealCourierEnvelope(key, 'device-1', { keyId, staffId: 'staff-1', seq: 3 }, content);
    expect(CourierEnvelope.parse(envelope)).toEqual(envelope);
    expect(envelope).toMatchObject({ seq: 3, staffId: 'staff-1', keyId, name: 'noticeAcknowledged' });
    expect(envelope.data).not.toContain('acknowledgedAt');
    expect(await openCourierEnvelope(key, 'device-1', envelope)).toEqual(content);
  });

  it.each([
    ['another seq', { seq: 4 }],
    ['another staff member', { staffId: 'staff-2' }],
    ['another key id', { keyId: toBase64Url(randomBytes(16)) }],
    ['another mutation name', { name: 'personViewed' as const }],
  ])('refuses an envelope moved to %s', async (_what, change) => {
    const key = await importCourierKey(secret());
    const envelope = await sealCourierEnvelope(key, 'device-1', { keyId, staffId: 'staff-1', seq: 3 }, content);
    expect(await openCourierEnvelope(key, 'device-1', { ...envelope, ...change })).toBeNull();
  });

  it('refuses another device, another key and damaged data', async () => {
    const key = await importCourierKey(secret());
    const envelope = await sealCourierEnvelope(key, 'device-1', { keyId, staffId: 'staff-1', seq: 3 }, content);
    expect(await openCourierEnvelope(key, 'device-2', envelope)).toBeNull();
    expect(await openCourierEnvelope(await importCourierKey(secret()), 'device-1', envelope)).toBeNull();
    const flipped = (envelope.data[0] === 'A' ? 'B' : 'A') + envelope.data.slice(1);
    expect(await openCourierEnvelope(key, 'device-1', { ...envelope, data: flipped })).toBeNull();
  });

  it('refuses a key of the wrong length', async () => {
    await expect(importCourierKey(toBase64Url(randomBytes(16)))).rejects.toThrow();
  });
});
