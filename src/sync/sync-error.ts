/**
 * Why a sync run stopped: a stable code the UI and tests branch on, with the message in Japanese and English.
 * Store failures keep their DataError code (quota, databaseClosed, …); the protocol adds its own.
 */
import { DATA_ERROR_CODES, DATA_ERROR_MESSAGES, DataError, type DataErrorCode } from '../data/data-error.ts';

export const SYNC_ONLY_ERROR_CODES = ['unauthorized', 'seqGap', 'outboxUnreadable', 'signInForLatest'] as const;
export type SyncErrorCode = DataErrorCode | (typeof SYNC_ONLY_ERROR_CODES)[number];

const SYNC_MESSAGES: Record<(typeof SYNC_ONLY_ERROR_CODES)[number], { ja: string; en: string }> = {
  unauthorized: {
    ja: 'サインインの有効期限が切れたため同期できません。サインインし直してください。送信待ちの記録は端末に残っています。',
    en: 'Sign-in has expired, so syncing stopped. Please sign in again. Unsent records stay on this device.',
  },
  seqGap: {
    ja: 'サーバーとこの端末の送信記録が一致しません。管理者に連絡してください。送信待ちの記録は端末に残っています。',
    en: 'The server and this device disagree on what was sent. Please contact your administrator. Unsent records stay on this device.',
  },
  signInForLatest: {
    ja: 'オフラインで開いているため、最新の情報は受け取れません。送信待ちの記録は送れるものから自動で送ります。最新の情報はオンラインでサインインし直すと受け取れます。',
    en: 'Opened offline, so the latest information cannot be fetched. Unsent records are sent automatically where possible. Sign in again online to fetch the latest information.',
  },
  outboxUnreadable: {
    ja: '送信待ちの記録を読み込めません。管理者に連絡してください。',
    en: 'Unsent records on this device cannot be read. Please contact your administrator.',
  },
};

/** The data layer's wording speaks of showing stored data; for sync, say what happens to the unsent records. */
const SYNC_WORDING: Partial<Record<DataErrorCode, { ja: string; en: string }>> = {
  network: {
    ja: 'サーバーに接続できないため同期できません。接続が戻ると自動で同期します。',
    en: 'Cannot reach the server. Sync resumes automatically when the connection is back.',
  },
  http: {
    ja: 'サーバーがエラーを返したため同期できませんでした。しばらくすると自動で再試行します。',
    en: 'The server returned an error, so sync did not finish. It will retry automatically.',
  },
};

/** A sync failure as the state and the stored bookkeeping keep it. */
export interface SyncProblem {
  readonly code: SyncErrorCode;
  readonly messageJa: string;
  readonly messageEn: string;
}

export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly code: SyncErrorCode;
  readonly status: number | undefined;

  constructor(code: SyncErrorCode, options: { status?: number; cause?: unknown } = {}) {
    super(`${code}${options.status ? ` ${options.status}` : ''}`, { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }
}

export function syncProblem(code: SyncErrorCode): SyncProblem {
  const text = code in SYNC_MESSAGES ? SYNC_MESSAGES[code as keyof typeof SYNC_MESSAGES] : (SYNC_WORDING[code as DataErrorCode] ?? DATA_ERROR_MESSAGES[code as DataErrorCode]);
  return { code, messageJa: text.ja, messageEn: text.en };
}

/** Maps anything a sync run threw to its problem (anything unexpected counts as a storage failure). */
export function toSyncProblem(error: unknown): SyncProblem {
  if (error instanceof SyncError || error instanceof DataError) return syncProblem(error.code);
  return syncProblem('storage');
}

export function isSyncErrorCode(code: string): code is SyncErrorCode {
  return (DATA_ERROR_CODES as readonly string[]).includes(code) || (SYNC_ONLY_ERROR_CODES as readonly string[]).includes(code);
}

/** The JSON body of a sync answer; a body that is not JSON is SyncError 'invalidResponse'. */
export async function readSyncJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch (cause) {
    throw new SyncError('invalidResponse', { cause });
  }
}
