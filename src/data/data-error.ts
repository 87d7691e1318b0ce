/**
 * The typed error of the data layer (fetching from the platform, storing on the device): a stable code the
 * UI can branch on and a message in Japanese and English for people.
 */

export const DATA_ERROR_CODES = ['network', 'http', 'invalidResponse', 'storage', 'quota', 'databaseClosed'] as const;
export type DataErrorCode = (typeof DATA_ERROR_CODES)[number];

export const DATA_ERROR_MESSAGES: Record<DataErrorCode, { ja: string; en: string }> = {
  network: {
    ja: 'サーバーに接続できません。端末に保存したデータを表示しています。',
    en: 'Cannot reach the server. Showing the data saved on this device.',
  },
  http: {
    ja: 'サーバーがエラーを返しました。端末に保存したデータを表示しています。',
    en: 'The server returned an error. Showing the data saved on this device.',
  },
  invalidResponse: {
    ja: 'サーバーから届いたデータの形式が正しくありません。端末のデータは変更していません。',
    en: 'The server sent data in an unexpected form. The data on this device was not changed.',
  },
  storage: {
    ja: '端末へのデータ保存に失敗しました。',
    en: 'Could not save data on this device.',
  },
  quota: {
    ja: '端末の保存容量が足りません。不要なデータを削除してください。',
    en: 'This device is out of storage space.',
  },
  databaseClosed: {
    ja: '別の画面でアプリが更新されました。アプリを再読み込みしてください。',
    en: 'The app was updated in another window. Please reload.',
  },
};

export class DataError extends Error {
  override readonly name = 'DataError';
  readonly code: DataErrorCode;
  /** HTTP status for `http` errors. */
  readonly status: number | undefined;
  readonly messageJa: string;
  readonly messageEn: string;

  constructor(code: DataErrorCode, options: { status?: number; cause?: unknown } = {}) {
    const text = DATA_ERROR_MESSAGES[code];
    super(`${code}${options.status ? ` ${options.status}` : ''}: ${text.en}`, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.messageJa = text.ja;
    this.messageEn = text.en;
  }
}

/** Maps an IndexedDB/Dexie failure to a DataError (quota exhaustion gets its own code). */
export function storageError(cause: unknown): DataError {
  if (cause instanceof DataError) return cause;
  const name = typeof cause === 'object' && cause !== null && 'name' in cause ? String(cause.name) : '';
  const inner = typeof cause === 'object' && cause !== null && 'inner' in cause ? (cause.inner as { name?: unknown } | undefined) : undefined;
  if (name === 'QuotaExceededError' || inner?.name === 'QuotaExceededError') return new DataError('quota', { cause });
  if (name === 'DatabaseClosedError') return new DataError('databaseClosed', { cause });
  return new DataError('storage', { cause });
}
