/**
 * The typed error of the insurance rules: a stable code the UI can branch on and a message in Japanese and
 * English. Thrown when no rule version covers a date, for an unknown service kind, or for input the rules
 * cannot price (negative or fractional units).
 */

export const RULE_ERROR_CODES = ['noRuleInForce', 'unknownServiceKind', 'invalidInput'] as const;
export type RuleErrorCode = (typeof RULE_ERROR_CODES)[number];

export const RULE_ERROR_MESSAGES: Record<RuleErrorCode, { ja: string; en: string }> = {
  noRuleInForce: {
    ja: 'この日付に適用される制度の基準が登録されていません。',
    en: 'No insurance rule is registered for this date.',
  },
  unknownServiceKind: {
    ja: 'サービス種類コードが登録されていません。',
    en: 'Unknown service kind code.',
  },
  invalidInput: {
    ja: '計算に使えない値が含まれています。',
    en: 'The input contains a value that cannot be calculated.',
  },
};

export class RuleError extends Error {
  override readonly name = 'RuleError';
  readonly code: RuleErrorCode;
  readonly messageJa: string;
  readonly messageEn: string;

  /** `detail` names the table, date or value concerned; it never holds personal data. */
  constructor(code: RuleErrorCode, detail: string) {
    const text = RULE_ERROR_MESSAGES[code];
    super(`${code}: ${text.en} (${detail})`);
    this.code = code;
    this.messageJa = text.ja;
    this.messageEn = text.en;
  }
}
