/**
 * How a registered device proves possession of its key on every API call: it signs a canonical line of the
 * request with its non-extractable ECDSA P-256 key (WebCrypto, IEEE P1363 r‖s), and sends the signature in
 * headers. The server rebuilds the same line and checks it against the public key recorded at enrollment,
 * the time against its clock, and the nonce against those it has seen. This plays the role of the platform's
 * client certificate for a browser that cannot hold one.
 */
export const DEVICE_HEADERS = {
  deviceId: 'x-tsunagi-device',
  time: 'x-tsunagi-time',
  nonce: 'x-tsunagi-nonce',
  signature: 'x-tsunagi-signature',
} as const;

/** A signed request older or newer than this (by the server's clock) is refused. */
export const SIGNATURE_MAX_SKEW_MS = 5 * 60_000;

export interface SignedRequestParts {
  readonly method: string;
  /** Path and query as sent, e.g. `/api/v1/providers/2279000125/people`. */
  readonly pathAndQuery: string;
  readonly time: string;
  readonly nonce: string;
  /** Lower-case hex SHA-256 of the body bytes (of the empty string when there is none). */
  readonly bodySha256: string;
  readonly deviceId: string;
}

/** The exact bytes signed (UTF-8 of this string). */
export function signedRequestPayload(parts: SignedRequestParts): string {
  return ['TSUNAGI-DEVICE-1', parts.method.toUpperCase(), parts.pathAndQuery, parts.time, parts.nonce, parts.bodySha256, parts.deviceId].join('\n');
}

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
