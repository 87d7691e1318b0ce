/**
 * The browser side of passkeys: registration and sign-in through @simplewebauthn/browser with user
 * verification required, plus the WebAuthn PRF extension, whose output (never sent anywhere) unwraps the
 * device's data key offline. Offline unlock runs a local ceremony: no server challenge, the PRF output is
 * the proof (only the right passkey, after user verification, yields the bytes that open the wrap).
 */
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { fromBase64Url } from '../security/base64url.ts';
import { randomBytes, subtle, type Bytes } from '../security/web-crypto.ts';
import type { PasskeyAssertion } from './session-controller.ts';

/** The PRF input: fixed per device (it need not be secret; the authenticator's secret makes the output). */
export async function prfSaltFor(deviceId: string): Promise<Bytes> {
  return new Uint8Array(await subtle().digest('SHA-256', new TextEncoder().encode(`tsunagi/prf/${deviceId}`)));
}

export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

interface PrfResults {
  prf?: { enabled?: boolean; results?: { first?: ArrayBuffer | Uint8Array } };
}

function prfOutput(results: unknown): Bytes | undefined {
  const first = (results as PrfResults | undefined)?.prf?.results?.first;
  if (!first) return undefined;
  return new Uint8Array(first instanceof Uint8Array ? first.slice().buffer : first.slice(0));
}

/** The assertion for the server, without the PRF output (the secret stays on the device). */
function withoutPrf<T extends { clientExtensionResults: unknown }>(response: T): T {
  const results = { ...(response.clientExtensionResults as Record<string, unknown>) };
  delete results.prf;
  return { ...response, clientExtensionResults: results };
}

export async function runRegistration(optionsJson: Record<string, unknown>): Promise<unknown> {
  const options = { ...optionsJson, extensions: { ...(optionsJson.extensions as object | undefined), prf: {} } };
  const response = await startRegistration({ optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'] });
  return withoutPrf(response);
}

export async function runAuthentication(optionsJson: Record<string, unknown>, prfSalt: Bytes): Promise<PasskeyAssertion> {
  const options = { ...optionsJson, userVerification: 'required', extensions: { prf: { eval: { first: prfSalt } } } };
  const response = await startAuthentication({ optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
  return { response: withoutPrf(response), credentialId: response.id, prfOutput: prfOutput(response.clientExtensionResults) };
}

/** A local ceremony for offline unlock: only this device's PRF-capable passkeys are offered. */
export async function runOfflineAssertion(credentialIds: readonly string[], rpId: string, prfSalt: Bytes): Promise<{ credentialId: string; prfOutput: Bytes | undefined }> {
  const credential = (await navigator.credentials.get({
    publicKey: {
      challenge: randomBytes(32),
      rpId,
      userVerification: 'required',
      allowCredentials: credentialIds.map((id) => ({ type: 'public-key' as const, id: fromBase64Url(id) })),
      extensions: { prf: { eval: { first: prfSalt } } } as AuthenticationExtensionsClientInputs,
    },
  })) as PublicKeyCredential | null;
  if (!credential) throw new Error('no credential');
  return { credentialId: credential.id, prfOutput: prfOutput(credential.getClientExtensionResults()) };
}
