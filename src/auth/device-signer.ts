/**
 * Signs API requests with the device's non-extractable ECDSA key (the browser's stand-in for the platform's
 * client certificate): the canonical line of src/protocol/device-signature.ts, sent in headers.
 */
import { DEVICE_HEADERS, EMPTY_BODY_SHA256, signedRequestPayload } from '../protocol/device-signature.ts';
import { toBase64Url } from '../security/base64url.ts';
import { randomBytes, subtle, type WebCryptoKey } from '../security/web-crypto.ts';

export interface DeviceSigner {
  readonly deviceId: string;
  headersFor(method: string, pathAndQuery: string, body: string | null, now: Date): Promise<Record<string, string>>;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await subtle().digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createDeviceSigner(deviceId: string, privateKey: WebCryptoKey): DeviceSigner {
  return {
    deviceId,
    async headersFor(method, pathAndQuery, body, now) {
      const time = now.toISOString();
      const nonce = toBase64Url(randomBytes(16));
      const bodySha256 = body ? await sha256Hex(body) : EMPTY_BODY_SHA256;
      const payload = signedRequestPayload({ method, pathAndQuery, time, nonce, bodySha256, deviceId });
      const signature = new Uint8Array(await subtle().sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, new TextEncoder().encode(payload)));
      return {
        [DEVICE_HEADERS.deviceId]: deviceId,
        [DEVICE_HEADERS.time]: time,
        [DEVICE_HEADERS.nonce]: nonce,
        [DEVICE_HEADERS.signature]: toBase64Url(signature),
      };
    },
  };
}
