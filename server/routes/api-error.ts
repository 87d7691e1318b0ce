/**
 * Every failing API answer is an ApiError `{ code, message }`: a stable code for programs and a Japanese
 * message for people. The codes and their HTTP statuses live in this one table.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../../src/protocol/people.ts';

export const API_ERRORS = {
  invalidRequest: { status: 400, message: 'リクエストの内容が正しくありません。' },
  feedUnauthorized: { status: 401, message: 'フィード用トークンがないか、正しくありません。' },
  feedForbidden: { status: 403, message: 'このトークンでは、この保険者のフィードを送信できません。' },
  providerForbidden: { status: 403, message: 'この事業所の情報を見る権限がありません。' },
  deviceRequired: { status: 401, message: '登録された端末からの署名つきリクエストが必要です。' },
  deviceUnknown: { status: 401, message: 'この端末は登録されていません。' },
  deviceSignatureInvalid: { status: 401, message: '端末の署名を確認できませんでした。' },
  deviceClockSkew: { status: 401, message: '端末の時計が大きくずれています。日時の設定を確認してください。' },
  deviceRevoked: { status: 403, message: 'この端末は利用停止されています。' },
  deviceCredentialExpired: { status: 403, message: '端末の登録の有効期限が切れています。管理者に再登録を依頼してください。' },
  sessionRequired: { status: 401, message: 'サインインが必要です。' },
  signInFailed: { status: 401, message: 'サインインできませんでした。職員IDとPIN（またはパスキー）を確認してください。' },
  pinLocked: { status: 423, message: 'PINの入力に続けて失敗したため、一時的にロックされています。' },
  pinTooWeak: { status: 400, message: 'このPINは使えません。' },
  activationCodeInvalid: { status: 401, message: '登録コードが正しくないか、有効期限が切れているか、使用済みです。' },
  roleForbidden: { status: 403, message: 'この操作を行う権限がありません。' },
  staffNotFound: { status: 404, message: '職員が見つかりません。' },
  deviceNotFound: { status: 404, message: '端末が見つかりません。' },
  cannotOffboardSelf: { status: 409, message: '自分自身を退職処理することはできません。' },
  passkeyRejected: { status: 400, message: 'パスキーを確認できませんでした。' },
  notFound: { status: 404, message: '指定されたものが見つかりません。' },
  providerNotFound: { status: 404, message: '事業所が見つかりません。' },
  personNotFound: { status: 404, message: 'この事業所の利用者として登録されていません。' },
  payloadTooLarge: { status: 413, message: 'ファイルが大きすぎます（上限は50MBです）。' },
  rateLimited: { status: 429, message: '試行回数が多すぎます。しばらく待ってからもう一度お試しください。' },
  internal: { status: 500, message: 'サーバーでエラーが発生しました。時間をおいてもう一度お試しください。' },
  unavailable: { status: 503, message: 'データベースに接続できません。時間をおいてもう一度お試しください。' },
} as const satisfies Record<string, { status: ContentfulStatusCode; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export type ApiErrorStatus<C extends ApiErrorCode> = (typeof API_ERRORS)[C]['status'];

export function apiErrorBody(code: ApiErrorCode, detail?: string): ApiError {
  const { message } = API_ERRORS[code];
  return { code, message: detail ? `${message}（${detail}）` : message };
}

/** An ApiError response; `detail` (Japanese) is appended to the message. It must never contain personal data. */
export function apiError<C extends ApiErrorCode>(c: Context, code: C, detail?: string) {
  return c.json(apiErrorBody(code, detail), API_ERRORS[code].status as ApiErrorStatus<C>);
}
