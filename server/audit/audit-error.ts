/** The typed error of the audit log: a stable code and a message in Japanese and English. */

export const AUDIT_ERROR_MESSAGES = {
  invalidAuditEntry: { ja: '監査ログに記録する内容の形式が正しくありません。', en: 'An audit entry to record has an invalid shape.' },
  invalidDay: { ja: '日付が正しくありません（YYYY-MM-DD の実在する日付を指定してください）。', en: 'Invalid day (use an existing YYYY-MM-DD date).' },
} as const satisfies Record<string, { ja: string; en: string }>;

export type AuditErrorCode = keyof typeof AUDIT_ERROR_MESSAGES;

export class AuditError extends Error {
  override readonly name = 'AuditError';
  readonly code: AuditErrorCode;

  constructor(code: AuditErrorCode, detail?: string) {
    super(detail ? `${AUDIT_ERROR_MESSAGES[code].en} (${detail})` : AUDIT_ERROR_MESSAGES[code].en);
    this.code = code;
  }

  get messageJa(): string {
    return AUDIT_ERROR_MESSAGES[this.code].ja;
  }
}
