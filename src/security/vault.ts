/**
 * The vault: seals and opens the device's personal-data rows with keys derived from the data key (DK).
 * `openVault` imports the DK once and derives two non-extractable sub-keys with HKDF-SHA-256 (RFC 5869), one per
 * purpose (`info`): an AES-GCM-256 key for row contents and an HMAC-SHA-256 key for row ids. It keeps no copy of
 * the raw DK; the caller zeroes its own array once the vault is open.
 *
 * A sealed row is `{ id, kind, iv, data }`:
 * - `id` = base64url HMAC(row-id key, kind + ':' + naturalKey): a stable key for IndexedDB that reveals no insured
 *   number (the same person always maps to the same id on this device, and to nothing guessable elsewhere);
 * - `data` = AES-GCM(JSON of the value) with a random 96-bit IV (NIST SP 800-38D §8.2.2: random IVs are safe
 *   far beyond the row counts of one device) and associated data kind + ':' + id, so a row moved to another
 *   id or kind fails authentication instead of showing another person's record.
 */
import { z } from 'zod';
import { toBase64Url } from './base64url.ts';
import { DATA_KEY_LENGTH, IV_LENGTH } from './key-wrap.ts';
import { SecurityError } from './security-error.ts';
import { copyBytes, randomBytes, requireLength, subtle, utf8, type Bytes, type WebCryptoKey } from './web-crypto.ts';

export const SEALED_KINDS = ['person', 'auditEntry', 'outboxMutation', 'notice', 'noticeAcknowledgement', 'courierKey'] as const;
export const SealedKind = z.enum(SEALED_KINDS);
export type SealedKind = z.infer<typeof SealedKind>;

const ByteArray = z.custom<Bytes>((value) => value instanceof Uint8Array, 'バイト列ではありません');

/** A row of the `sealed` table, as stored. */
export const SealedRow = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  kind: SealedKind,
  iv: ByteArray,
  data: ByteArray,
});
export type SealedRow = z.infer<typeof SealedRow>;

export interface Vault {
  /** Encrypts `value` (JSON-serialisable) as the row for `kind` + `naturalKey`. */
  seal(kind: SealedKind, naturalKey: string, value: unknown): Promise<SealedRow>;
  /** Decrypts a row; throws SecurityError `sealedRowUnreadable` when it was damaged, moved or sealed by another key. */
  open(row: SealedRow): Promise<unknown>;
  /** The id the row for `kind` + `naturalKey` has (to look it up or delete it without decrypting). */
  rowId(kind: SealedKind, naturalKey: string): Promise<string>;
}

export const SUBKEY_INFO = { data: 'tsunagi/data', rowId: 'tsunagi/row-id' } as const;

const hkdfParams = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode(info) });

export async function openVault(dataKeyBytes: Uint8Array): Promise<Vault> {
  requireLength(dataKeyBytes, DATA_KEY_LENGTH);
  const raw = copyBytes(dataKeyBytes);
  let dataKey: WebCryptoKey;
  let rowIdKey: WebCryptoKey;
  try {
    const base = await subtle().importKey('raw', raw, 'HKDF', false, ['deriveKey']);
    dataKey = await subtle().deriveKey(hkdfParams(SUBKEY_INFO.data), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    rowIdKey = await subtle().deriveKey(hkdfParams(SUBKEY_INFO.rowId), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
  } finally {
    raw.fill(0);
  }

  // Ids are asked for again and again (every save of a list re-seals everyone): one HMAC per key and vault. The
  // cache lives as long as the vault, which already hands out the decrypted rows.
  const ids = new Map<string, Promise<string>>();
  const rowId = (kind: SealedKind, naturalKey: string): Promise<string> => {
    const text = `${kind}:${naturalKey}`;
    let id = ids.get(text);
    if (!id) {
      id = subtle()
        .sign('HMAC', rowIdKey, utf8.encode(text))
        .then((mac) => toBase64Url(new Uint8Array(mac)));
      ids.set(text, id);
      id.catch(() => ids.delete(text));
    }
    return id;
  };

  return {
    rowId,

    async seal(kind, naturalKey, value) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError('vault.seal: the value has no JSON form');
      const id = await rowId(kind, naturalKey);
      const iv = randomBytes(IV_LENGTH);
      const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(`${kind}:${id}`) }, dataKey, utf8.encode(json));
      return { id, kind, iv, data: new Uint8Array(data) };
    },

    async open(row) {
      let plain: ArrayBuffer;
      try {
        plain = await subtle().decrypt({ name: 'AES-GCM', iv: copyBytes(row.iv), additionalData: utf8.encode(`${row.kind}:${row.id}`) }, dataKey, copyBytes(row.data));
      } catch (cause) {
        throw new SecurityError('sealedRowUnreadable', { cause });
      }
      try {
        return JSON.parse(utf8.decode(new Uint8Array(plain))) as unknown;
      } catch (cause) {
        throw new SecurityError('sealedRowUnreadable', { cause });
      }
    },
  };
}
