/** The typed error of the database layer: a stable code and a message in Japanese and English. */

export const DATABASE_ERROR_CODES = ['databaseLocked', 'databaseUnavailable', 'migrationFailed', 'invalidStoredRow'] as const;
export type DatabaseErrorCode = (typeof DATABASE_ERROR_CODES)[number];

export const DATABASE_ERROR_MESSAGES: Record<DatabaseErrorCode, { ja: string; en: string }> = {
  databaseLocked: {
    ja: 'データベースは別のプロセス（起動中のサーバーなど）が使用しています。',
    en: 'The database is in use by another process (such as a running server).',
  },
  databaseUnavailable: { ja: 'データベースに接続できません。', en: 'Cannot connect to the database.' },
  migrationFailed: { ja: 'データベースの更新（マイグレーション）に失敗しました。', en: 'The database migration failed.' },
  invalidStoredRow: { ja: 'データベースに保存された値の形式が正しくありません。', en: 'A stored row has an unexpected shape.' },
};

export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  readonly code: DatabaseErrorCode;

  constructor(code: DatabaseErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${DATABASE_ERROR_MESSAGES[code].en} (${detail})` : DATABASE_ERROR_MESSAGES[code].en, options);
    this.code = code;
  }

  get messageJa(): string {
    return DATABASE_ERROR_MESSAGES[this.code].ja;
  }
}
