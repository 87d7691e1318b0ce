/**
 * Seals and opens courier envelopes (src/protocol/courier.ts) with AES-256-GCM under a courier key: the tablet
 * seals as it queues a mutation, the server opens what the service worker delivers. Both sides run this same
 * code on WebCrypto (the browser's or Node's).
 */
import { CourierContent, courierAssociatedData, type CourierEnvelope } from '../protocol/courier.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { DATA_KEY_LENGTH, IV_LENGTH } from './key-wrap.ts';
import { copyBytes, randomBytes, requireLength, subtle, type WebCryptoKey } from './web-crypto.ts';

export type EnvelopeAddress = Pick<CourierEnvelope, 'keyId' | 'staffId' | 'seq'>;

/** The courier key's secret (base64url) as a non-extractable AES-GCM key. */
export async function importCourierKey(secret: string): Promise<WebCryptoKey> {
  const raw = copyBytes(fromBase64Url(secret));
  requireLength(raw, DATA_KEY_LENGTH);
  try {
    return await subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  } finally {
    raw.fill(0);
  }
}

export async function sealCourierEnvelope(key: WebCryptoKey, deviceId: string, address: EnvelopeAddress, content: CourierContent): Promise<CourierEnvelope> {
  const sealed = CourierContent.parse(content);
  const iv = randomBytes(IV_LENGTH);
  const additionalData = new TextEncoder().encode(courierAssociatedData(deviceId, { ...address, name: sealed.name }));
  const plain = new TextEncoder().encode(JSON.stringify(sealed));
  const data = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData }, key, plain));
  return { seq: address.seq, staffId: address.staffId, keyId: address.keyId, name: sealed.name, iv: toBase64Url(iv), data: toBase64Url(data) };
}

/** The sealed mutation, or null when the envelope fails authentication (wrong key, device, seq or staff; damaged) or its content does not parse. */
export async function openCourierEnvelope(key: WebCryptoKey, deviceId: string, envelope: CourierEnvelope): Promise<CourierContent | null> {
  try {
    const iv = copyBytes(fromBase64Url(envelope.iv));
    const additionalData = new TextEncoder().encode(courierAssociatedData(deviceId, envelope));
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData }, key, copyBytes(fromBase64Url(envelope.data)));
    const parsed = CourierContent.safeParse(JSON.parse(new TextDecoder().decode(plain)));
    return parsed.success && parsed.data.name === envelope.name ? parsed.data : null;
  } catch {
    return null;
  }
}
