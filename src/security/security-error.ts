/**
 * The typed error of the device's key handling (src/security and the keyring): a stable code the UI can branch
 * on and a message in Japanese and English. Key material and personal data never appear in a message.
 */

export const SECURITY_ERROR_CODES = [
  'cryptoUnavailable',
  'badKeyLength',
  'sealedRowUnreadable',
  'noEscrowWrap',
  'escrowUnwrapFailed',
  'dataKeyExists',
] as const;
export type SecurityErrorCode = (typeof SECURITY_ERROR_CODES)[number];

export const SECURITY_ERROR_MESSAGES: Record<SecurityErrorCode, { ja: string; en: string }> = {
  cryptoUnavailable: {
    ja: 'この環境では暗号機能が使えません。HTTPS で開いてください。',
    en: 'Encryption is not available here. Open the app over HTTPS.',
  },
  badKeyLength: {
    ja: '鍵の長さが正しくありません。',
    en: 'A key has the wrong length.',
  },
  sealedRowUnreadable: {
    ja: '端末に保存したデータを復号できません。データが壊れているか、別の鍵で暗号化されています。',
    en: 'Data saved on this device cannot be decrypted: it is damaged or was encrypted with another key.',
  },
  noEscrowWrap: {
    ja: 'この端末にはデータ鍵がありません。端末を登録し直してください。',
    en: 'This device holds no data key. Enroll the device again.',
  },
  escrowUnwrapFailed: {
    ja: 'サーバーの鍵でこの端末のデータ鍵を開けません。端末を登録し直してください。',
    en: 'The server’s key does not open this device’s data key. Enroll the device again.',
  },
  dataKeyExists: {
    ja: 'この端末にはすでにデータ鍵があります。',
    en: 'This device already holds a data key.',
  },
};

export class SecurityError extends Error {
  override readonly name = 'SecurityError';
  readonly code: SecurityErrorCode;
  readonly messageJa: string;
  readonly messageEn: string;

  constructor(code: SecurityErrorCode, options: { cause?: unknown } = {}) {
    const text = SECURITY_ERROR_MESSAGES[code];
    super(`${code}: ${text.en}`, { cause: options.cause });
    this.code = code;
    this.messageJa = text.ja;
    this.messageEn = text.en;
  }
}
