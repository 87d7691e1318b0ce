/**
 * The card service's contract: what the app asks `workers/card.worker.ts` (over Comlink) and what comes back.
 *
 * Every answer is a `CardResult`: either `{ ok: true, value }` or `{ ok: false, error }` with a stable error
 * code. Errors travel as data, not as thrown exceptions, because structured cloning keeps only `name` and
 * `message` of a thrown Error and the app needs the code (and the tries left after a wrong PIN).
 * The app validates what it receives with these schemas before using it.
 */
import { z } from 'zod';
import { IsoDate } from '../domain/identifiers.ts';

/** The two card applications Tsunagi talks to (GLOSSARY: `cardInfoApp`, `jpkiApp`). */
export const CardApp = z.enum(['jpki', 'cardInfo']);
export type CardApp = z.infer<typeof CardApp>;

/** How a card reader is reached. */
export const CardReaderKind = z.enum(['virtual', 'bridge', 'webusb']);
export type CardReaderKind = z.infer<typeof CardReaderKind>;

/** A card reader the service can use. `cardPresent` is null when the transport cannot tell without a session. */
export const CardReader = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: CardReaderKind,
  cardPresent: z.boolean().nullable(),
});
export type CardReader = z.infer<typeof CardReader>;

/** A 暗証番号 as typed: exactly four ASCII digits (both the auth PIN and the card-info PIN). */
export const PIN_PATTERN = /^[0-9]{4}$/;

/** Bytes as they cross the worker boundary (structured clone keeps Uint8Array). */
const Bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'バイト列が必要です');

/** A SHA-256 digest: 32 bytes. */
export const Sha256Digest = Bytes.refine((b) => b.length === 32, 'SHA-256ダイジェストは32バイトです');
export type Sha256Digest = z.infer<typeof Sha256Digest>;

/** ISO/IEC 5218 sex codes as they appear on the card (1 male, 2 female, 9 not applicable). */
export const CardSex = z.enum(['male', 'female', 'notApplicable']);
export type CardSex = z.infer<typeof CardSex>;

/** 基本4情報 from the 券面事項入力補助AP. Personal data: show it, never log it. */
export const BasicFourInfo = z.object({
  name: z.string().min(1).max(400),
  address: z.string().min(1).max(800),
  birthDate: IsoDate,
  sex: CardSex,
});
export type BasicFourInfo = z.infer<typeof BasicFourInfo>;

/** The user-authentication certificate (DER) and the certificate of the CA that issued it (DER). */
export const AuthCertificateRead = z.object({
  authCertificate: Bytes.refine((b) => b.length > 0),
  caCertificate: Bytes.refine((b) => b.length > 0),
});
export type AuthCertificateRead = z.infer<typeof AuthCertificateRead>;

/** Tries left of one PIN. `blocked` is true when none are left. */
export const PinRetries = z.object({
  app: CardApp,
  triesLeft: z.number().int().min(0).max(15),
  blocked: z.boolean(),
});
export type PinRetries = z.infer<typeof PinRetries>;

/** A PKCS#1 v1.5 signature by the auth key, and the auth certificate when it was asked for. */
export const AuthSignature = z.object({
  signature: Bytes.refine((b) => b.length > 0),
  authCertificate: Bytes.optional(),
});
export type AuthSignature = z.infer<typeof AuthSignature>;

/** Steps a progress event can name, in the order the operations run them. */
export const CardStep = z.enum([
  'connecting',
  'selectingApp',
  'readingRetries',
  'verifyingPin',
  'readingAuthCertificate',
  'readingCaCertificate',
  'signing',
  'readingBasicInfo',
]);
export type CardStep = z.infer<typeof CardStep>;

/**
 * Progress of one session. `apdusTotal` is an estimate that only grows (a file's size is known once its
 * header is read); `apdusDone` counts commands actually sent to the card.
 */
export const CardProgress = z.object({
  readerId: z.string(),
  step: CardStep,
  apdusDone: z.number().int().nonnegative(),
  apdusTotal: z.number().int().nonnegative(),
});
export type CardProgress = z.infer<typeof CardProgress>;

export const CARD_ERROR_CODES = [
  'invalidPin',
  'invalidDigest',
  'invalidRequest',
  'wrongPin',
  'pinBlocked',
  'lastTryNeedsConfirmation',
  'securityNotSatisfied',
  'fileNotFound',
  'wrongLength',
  'unexpectedStatus',
  'malformedResponse',
  'unreadableReaderAnswer',
  'cardRemoved',
  'noCard',
  'unsupportedCard',
  'timeout',
  'cancelled',
  'apduForbidden',
  'readerBusy',
  'readerNotFound',
  'transportError',
] as const;
export const CardErrorCode = z.enum(CARD_ERROR_CODES);
export type CardErrorCode = z.infer<typeof CardErrorCode>;

/** Messages for people, per code. `wrongPin` gets the tries left appended by `cardErrorMessage`. */
export const CARD_ERROR_MESSAGES: Record<CardErrorCode, { ja: string; en: string }> = {
  invalidPin: { ja: '暗証番号は4桁の数字で入力してください。', en: 'The PIN must be 4 digits.' },
  invalidDigest: { ja: '署名する内容の形式が正しくありません。', en: 'The data to sign is not in the expected form.' },
  invalidRequest: { ja: 'カード操作の指定が正しくありません。', en: 'The card request is not valid.' },
  wrongPin: { ja: '暗証番号が違います。', en: 'The PIN is wrong.' },
  pinBlocked: {
    ja: '暗証番号がロックされています。お住まいの市区町村の窓口で解除の手続きが必要です。',
    en: 'The PIN is locked. It must be reset at the municipal office.',
  },
  lastTryNeedsConfirmation: {
    ja: '暗証番号の残り回数は1回です。間違えるとロックされ、市区町村の窓口での手続きが必要になります。確認のうえで続けてください。',
    en: 'Only one PIN try is left. A wrong PIN will lock the card until it is reset at the municipal office. Confirm to continue.',
  },
  securityNotSatisfied: { ja: 'カードの暗証番号の確認が済んでいません。', en: 'The card requires PIN verification first.' },
  fileNotFound: { ja: 'カード内に必要な情報が見つかりません。', en: 'The card does not hold the expected data.' },
  wrongLength: { ja: 'カードとの通信でデータ長の誤りがありました。', en: 'The card reported a length error.' },
  unexpectedStatus: { ja: 'カードがエラーを返しました。', en: 'The card returned an error.' },
  malformedResponse: {
    ja: 'カードから読み取ったデータの形式が正しくありません。',
    en: 'The data read from the card is not in the expected form.',
  },
  unreadableReaderAnswer: {
    ja: 'カードリーダーの応答を読み取れません。もう一度お試しください。',
    en: 'The card reader’s answer could not be read. Try again.',
  },
  cardRemoved: {
    ja: 'カードが離れました。カードをリーダーに置き直して、もう一度お試しください。',
    en: 'The card was removed. Place it on the reader and try again.',
  },
  noCard: { ja: 'カードリーダーにカードが置かれていません。', en: 'No card on the reader.' },
  unsupportedCard: {
    ja: 'マイナンバーカードではないか、対応していないカードです。',
    en: 'This is not a My Number card, or the card is not supported.',
  },
  timeout: { ja: 'カードの応答がありません。カードを置き直してください。', en: 'The card did not answer. Place it again.' },
  cancelled: { ja: '読み取りを中止しました。', en: 'Card reading was cancelled.' },
  apduForbidden: {
    ja: '許可されていないカード操作を止めました。',
    en: 'A card command that Tsunagi does not allow was stopped.',
  },
  readerBusy: { ja: 'このカードリーダーは読み取り中です。終わるまでお待ちください。', en: 'The card reader is busy.' },
  readerNotFound: { ja: 'カードリーダーが見つかりません。', en: 'Card reader not found.' },
  transportError: { ja: 'カードリーダーとの通信に失敗しました。', en: 'Communication with the card reader failed.' },
};

/** The message for an error code, with the tries left where they matter. */
export function cardErrorMessage(code: CardErrorCode, triesLeft?: number): { ja: string; en: string } {
  const base = CARD_ERROR_MESSAGES[code];
  if (code === 'wrongPin' && triesLeft !== undefined) {
    return { ja: `${base.ja}残り${triesLeft}回です。`, en: `${base.en} ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left.` };
  }
  return base;
}

/** A failure as it crosses the worker boundary. `reason` is a short technical detail with no personal data. */
export const CardErrorInfo = z.object({
  code: CardErrorCode,
  messageJa: z.string(),
  messageEn: z.string(),
  triesLeft: z.number().int().min(0).max(15).optional(),
  statusWord: z
    .string()
    .regex(/^[0-9A-F]{4}$/)
    .optional(),
  reason: z.string().max(200).optional(),
});
export type CardErrorInfo = z.infer<typeof CardErrorInfo>;

export type CardResult<T> = { ok: true; value: T } | { ok: false; error: CardErrorInfo };

/** The schema of a `CardResult` carrying `value` (for the app to check what the worker sent). */
export function cardResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: CardErrorInfo })]);
}

/** Called with progress; over Comlink pass it wrapped in `Comlink.proxy`. */
export type CardProgressListener = (progress: CardProgress) => void;

export interface PinOptions {
  /**
   * Set only after the person saw the warning that one try is left. Without it the service refuses to send
   * the PIN when one try is left (`lastTryNeedsConfirmation`).
   */
  confirmLastTry?: boolean;
}

export interface SignOptions extends PinOptions {
  /** Also read the auth certificate in the same session (one card touch for a consent). */
  includeAuthCertificate?: boolean;
}

/**
 * The card worker's API. One session at a time per reader: a call while the reader is busy answers
 * `readerBusy`; `cancel` ends the running session with `cancelled`. PINs are used for one VERIFY and not kept.
 */
export interface CardServiceApi {
  listReaders(): Promise<CardResult<CardReader[]>>;
  /** Is a My Number card on this reader? (one SELECT of the JPKI AP). */
  detectCard(readerId: string, onProgress?: CardProgressListener): Promise<CardResult<{ myNumberCard: true }>>;
  /** The auth certificate and its CA certificate: no PIN needed. */
  readCertificate(readerId: string, onProgress?: CardProgressListener): Promise<CardResult<AuthCertificateRead>>;
  readRetries(readerId: string, app: CardApp, onProgress?: CardProgressListener): Promise<CardResult<PinRetries>>;
  /** VERIFY the auth PIN, then sign the SHA-256 digest with the auth key (PKCS#1 v1.5, RSA-2048). */
  verifyAndSign(
    readerId: string,
    pin: string,
    digest: Uint8Array,
    options?: SignOptions,
    onProgress?: CardProgressListener,
  ): Promise<CardResult<AuthSignature>>;
  /** VERIFY the card-info PIN, then read 基本4情報. */
  readBasicInfo(readerId: string, pin: string, options?: PinOptions, onProgress?: CardProgressListener): Promise<CardResult<BasicFourInfo>>;
  /** Cancel the session running on this reader; false when none was running. */
  cancel(readerId: string): Promise<boolean>;
}
