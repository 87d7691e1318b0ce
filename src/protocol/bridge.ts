/**
 * The wire contract between the app (the card worker's bridge transport) and the companion bridge
 * (`bridge/`): JSON text frames on a WebSocket at `ws://127.0.0.1:<port>/v1`.
 *
 * A connection goes like this:
 * 1. The browser opens the socket; the bridge accepts the handshake only with an allowed `Origin` and a
 *    loopback `Host` (anything else gets a non-101 HTTP answer).
 * 2. First pairing: the person reads the 6-digit code the bridge shows and types it into the app, which sends
 *    `pair {code}` and keeps the returned token. Later connections start with `hello {token}`. Until one of
 *    the two succeeds, every other request answers `notPaired`.
 * 3. `listReaders`, `readerEvents` (pushes `readerEvent` messages), `connect` → session, `transmit` raw APDUs
 *    as hex, `disconnect`.
 *
 * Every request carries an `id`, a positive integer that must grow with each request on a connection (a
 * repeated or older id is refused as `replayedRequest`); the answer is a `response` with the same id. The
 * bridge runs every APDU through the same APDU policy as the card worker, so a forbidden command answers
 * `apduForbidden` and never reaches the reader. Pure zod: no IO.
 */
import { z } from 'zod';
import type { CardErrorCode } from './card.ts';

/** Version of this contract; the `/v1` path carries its major number. */
export const BRIDGE_PROTOCOL_VERSION = 1;
/** The port the bridge listens on unless configured otherwise (`BRIDGE_PORT`). */
export const BRIDGE_DEFAULT_PORT = 47321;
/** The WebSocket path. */
export const BRIDGE_PATH = '/v1';

/** A request id: positive, strictly increasing per connection. */
export const BridgeRequestId = z.number().int().positive().max(2 ** 53 - 1);
/** The pairing code as shown by the bridge: six ASCII digits. */
export const PairingCode = z.string().regex(/^[0-9]{6}$/, 'ペアリングコードは6桁の数字です');
/** A pairing token: 32 random bytes, base64url without padding. */
export const PairingToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
/** A card session id: 16 random bytes as lower-case hex. */
export const BridgeSessionId = z.string().regex(/^[0-9a-f]{32}$/);
/** A PC/SC reader name as the operating system reports it (e.g. "SONY FeliCa RC-S300/P 00 00"). */
export const ReaderName = z.string().min(1).max(200);
/** A short command APDU as hex: 4 to 261 bytes (ISO/IEC 7816-4 short form: header, Lc, ≤ 255 data, Le). */
export const ApduHex = z.string().regex(/^(?:[0-9A-Fa-f]{2}){4,261}$/, 'APDUは4〜261バイトの16進数です');
/** A response APDU as upper-case hex: data (≤ 256 bytes) and SW1 SW2. */
export const ResponseHex = z.string().regex(/^(?:[0-9A-F]{2}){2,258}$/);

export const PairRequest = z.strictObject({ type: z.literal('pair'), id: BridgeRequestId, code: PairingCode });
export const HelloRequest = z.strictObject({ type: z.literal('hello'), id: BridgeRequestId, token: PairingToken });
export const ListReadersRequest = z.strictObject({ type: z.literal('listReaders'), id: BridgeRequestId });
/** Turns the push of reader and card events on this connection on or off. */
export const ReaderEventsRequest = z.strictObject({ type: z.literal('readerEvents'), id: BridgeRequestId, enabled: z.boolean() });
export const ConnectRequest = z.strictObject({ type: z.literal('connect'), id: BridgeRequestId, reader: ReaderName });
export const TransmitRequest = z.strictObject({ type: z.literal('transmit'), id: BridgeRequestId, session: BridgeSessionId, apduHex: ApduHex });
export const DisconnectRequest = z.strictObject({ type: z.literal('disconnect'), id: BridgeRequestId, session: BridgeSessionId });

/** Everything a client may send. Unknown fields are refused, so a typo is an error rather than a no-op. */
export const BridgeRequest = z.discriminatedUnion('type', [
  PairRequest,
  HelloRequest,
  ListReadersRequest,
  ReaderEventsRequest,
  ConnectRequest,
  TransmitRequest,
  DisconnectRequest,
]);
export type BridgeRequest = z.infer<typeof BridgeRequest>;
export type BridgeRequestType = BridgeRequest['type'];

export const BridgeReader = z.object({ name: ReaderName, cardPresent: z.boolean() });
export type BridgeReader = z.infer<typeof BridgeReader>;

/** The result of each request type when it succeeds. */
export const BridgeResults = {
  pair: z.object({ token: PairingToken }),
  hello: z.object({ protocolVersion: z.number().int().positive() }),
  listReaders: z.object({ readers: z.array(BridgeReader) }),
  readerEvents: z.object({ enabled: z.boolean() }),
  connect: z.object({ session: BridgeSessionId }),
  transmit: z.object({ responseHex: ResponseHex }),
  disconnect: z.object({}),
} as const satisfies Record<BridgeRequestType, z.ZodType>;
export type BridgeResult<T extends BridgeRequestType> = z.infer<(typeof BridgeResults)[T]>;

export const BRIDGE_ERROR_CODES = [
  'invalidMessage',
  'replayedRequest',
  'notPaired',
  'wrongPairingCode',
  'pairingLocked',
  'invalidToken',
  'pcscUnavailable',
  'readerNotFound',
  'noCard',
  'cardRemoved',
  'readerBusy',
  'sessionNotFound',
  'apduForbidden',
  'verifyRateLimited',
  'transportError',
] as const;
export const BridgeErrorCode = z.enum(BRIDGE_ERROR_CODES);
export type BridgeErrorCode = z.infer<typeof BridgeErrorCode>;

export const BRIDGE_ERROR_MESSAGES: Record<BridgeErrorCode, { ja: string; en: string }> = {
  invalidMessage: { ja: '連携アプリへの要求の形式が正しくありません。', en: 'The request to the bridge is not valid.' },
  replayedRequest: { ja: '同じ要求が繰り返し送られたため拒否しました。', en: 'A repeated request was refused.' },
  notPaired: {
    ja: '連携アプリとのペアリングが必要です。連携アプリに表示された6桁のコードを入力してください。',
    en: 'Pair with the bridge first: enter the 6-digit code the bridge shows.',
  },
  wrongPairingCode: { ja: 'ペアリングコードが違います。', en: 'The pairing code is wrong.' },
  pairingLocked: {
    ja: 'ペアリングコードの誤りが続いたため、新しいコードに切り替えました。しばらく待ってから、連携アプリに表示された新しいコードを入力してください。',
    en: 'Too many wrong pairing codes: the bridge shows a new code. Wait a moment, then enter the new code.',
  },
  invalidToken: {
    ja: 'この画面と連携アプリのペアリングが解除されています。もう一度ペアリングしてください。',
    en: 'This app is no longer paired with the bridge. Pair again.',
  },
  pcscUnavailable: {
    ja: 'パソコンのカードリーダー機能（PC/SC）が使えません。連携アプリの表示を確認してください。',
    en: 'The computer’s smart-card service (PC/SC) is not available. See the bridge’s message.',
  },
  readerNotFound: { ja: 'カードリーダーが見つかりません。', en: 'Card reader not found.' },
  noCard: { ja: 'カードリーダーにカードが置かれていません。', en: 'No card on the reader.' },
  cardRemoved: {
    ja: 'カードが離れました。カードをリーダーに置き直して、もう一度お試しください。',
    en: 'The card was removed. Place it on the reader and try again.',
  },
  readerBusy: { ja: 'このカードリーダーは使用中です。終わるまでお待ちください。', en: 'The card reader is busy.' },
  sessionNotFound: { ja: 'カードとの接続が終了しています。', en: 'The card session has ended.' },
  apduForbidden: {
    ja: '許可されていないカード操作を止めました。',
    en: 'A card command that Tsunagi does not allow was stopped.',
  },
  verifyRateLimited: {
    ja: '暗証番号の確認が短時間に続いたため止めました。少し待ってからやり直してください。',
    en: 'Too many PIN checks in a short time. Wait a moment and try again.',
  },
  transportError: { ja: 'カードリーダーとの通信に失敗しました。', en: 'Communication with the card reader failed.' },
};

/** A failure as it crosses the wire. `reason` is a short technical detail with no personal data. */
export const BridgeErrorInfo = z.object({
  code: BridgeErrorCode,
  messageJa: z.string(),
  messageEn: z.string(),
  reason: z.string().max(300).optional(),
  /** `wrongPairingCode`: tries left on the current code. */
  attemptsLeft: z.number().int().nonnegative().optional(),
  /** `pairingLocked`, `verifyRateLimited`: when to try again. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type BridgeErrorInfo = z.infer<typeof BridgeErrorInfo>;

/** The answer to one request. `id` is null only when the request was too broken to carry one. */
export const BridgeResponse = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: BridgeRequestId, ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: BridgeRequestId.nullable(), ok: z.literal(false), error: BridgeErrorInfo }),
]);
export type BridgeResponse = z.infer<typeof BridgeResponse>;

export const ReaderEventKind = z.enum(['readerAdded', 'readerRemoved', 'cardInserted', 'cardRemoved']);
export type ReaderEventKind = z.infer<typeof ReaderEventKind>;

/** Pushed after `readerEvents {enabled: true}`: a reader was plugged in or out, a card placed or taken. */
export const ReaderEventMessage = z.object({ type: z.literal('readerEvent'), event: ReaderEventKind, reader: ReaderName });
export type ReaderEventMessage = z.infer<typeof ReaderEventMessage>;

/** Pushed when the bridge ends a session on its own (the card was removed, the reader went away). */
export const SessionEndedMessage = z.object({
  type: z.literal('sessionEnded'),
  session: BridgeSessionId,
  reason: z.enum(['cardRemoved', 'readerRemoved']),
});
export type SessionEndedMessage = z.infer<typeof SessionEndedMessage>;

/** Everything the bridge sends. */
export const BridgeServerMessage = z.union([BridgeResponse, ReaderEventMessage, SessionEndedMessage]);
export type BridgeServerMessage = z.infer<typeof BridgeServerMessage>;

/** Builds the error answer for `code` with its messages. */
export function bridgeError(code: BridgeErrorCode, extra: Omit<BridgeErrorInfo, 'code' | 'messageJa' | 'messageEn'> = {}): BridgeErrorInfo {
  const text = BRIDGE_ERROR_MESSAGES[code];
  return { code, messageJa: text.ja, messageEn: text.en, ...extra };
}

/**
 * The card-service error a bridge error becomes in the card worker: card-level failures keep their meaning;
 * pairing and protocol failures are reported as `transportError` (the app then offers to pair again).
 */
export function toCardErrorCode(code: BridgeErrorCode): CardErrorCode {
  switch (code) {
    case 'apduForbidden':
    case 'noCard':
    case 'cardRemoved':
    case 'readerBusy':
    case 'readerNotFound':
      return code;
    case 'sessionNotFound':
      return 'cardRemoved';
    case 'verifyRateLimited':
      return 'readerBusy';
    default:
      return 'transportError';
  }
}
