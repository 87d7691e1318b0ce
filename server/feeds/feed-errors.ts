/**
 * The errors of the feed reader and writer. Reading never throws: every problem becomes a FeedError (line, field,
 * Japanese reason) and the list is capped. zod reports its own codes in English; `reasonForIssue` turns them into
 * Japanese a person at the insurer can act on, and passes through the Japanese messages the domain schemas
 * already carry (e.g. 被保険者番号は10桁の数字です). Writing a file that the CSV layout cannot hold throws a
 * typed FeedWriteError.
 */
import type { z } from 'zod';
import type { FeedError } from '../../src/protocol/feed.ts';

/** The longest error list a caller receives; the last entry then says how many more there were. */
export const MAX_FEED_ERRORS = 1000;

const HAS_JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: '文字列',
  number: '数値',
  int: '整数',
  boolean: '真偽値（true / false）',
  array: '配列（[…]）',
  object: 'オブジェクト（{…}）',
  null: 'null',
};

/**
 * The Japanese reason for one zod issue. Issues must come from a parse with `reportInput: true`, so that a
 * missing value (必須です) can be told from a value of the wrong type.
 */
export function reasonForIssue(issue: z.core.$ZodIssue): string {
  if (HAS_JAPANESE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || issue.input === null) return '必須です';
      return `${TYPE_NAMES[issue.expected] ?? issue.expected}で書いてください`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '必須です' : `${min}文字以上です`;
      if (issue.origin === 'array') return `${min}件以上必要です`;
      return issue.inclusive === false ? `${min}より大きい値です` : `${min}以上です`;
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `${max}文字以内です`;
      if (issue.origin === 'array') return `${max}件までです`;
      return issue.inclusive === false ? `${max}より小さい値です` : `${max}以下です`;
    }
    case 'invalid_value':
      return allowedValues(issue.values);
    case 'invalid_union': {
      if ('options' in issue && Array.isArray(issue.options)) return allowedValues(issue.options as unknown[]);
      const literals = issue.errors.map((branch) => (branch.length === 1 && branch[0]?.code === 'invalid_value' ? branch[0].values : null));
      if (literals.length > 0 && literals.every((v) => v !== null)) return allowedValues(literals.flat());
      return '形式が正しくありません';
    }
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern?.includes('A-Za-z0-9_-')) return '半角英数字と - _ で64文字以内です';
      if (issue.format === 'datetime') return '日時はISO 8601形式（2026-04-01T09:00:00+09:00）です';
      return '形式が正しくありません';
    case 'unrecognized_keys':
      return `不明な項目です: ${issue.keys.join(', ')}`;
    default:
      return '値が正しくありません';
  }
}

/** 使えない値です（使える値: …）. */
export function allowedValues(values: readonly unknown[]): string {
  return `使えない値です（使える値: ${values.map(String).join(', ')}）`;
}

/**
 * Orders errors by line (file-level errors, line 0, first), keeps the first error per line and field, and cuts
 * the list to MAX_FEED_ERRORS entries, the last of which then counts the rest: …ほかN件.
 */
export function capFeedErrors(errors: readonly FeedError[]): FeedError[] {
  const seen = new Set<string>();
  const unique: FeedError[] = [];
  for (const error of errors) {
    const key = `${error.line}\u0000${error.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(error);
  }
  // Array.prototype.sort is stable: within a line, errors keep the order of the columns (or paths) they came from.
  unique.sort((a, b) => a.line - b.line);
  if (unique.length <= MAX_FEED_ERRORS) return unique;
  const kept = unique.slice(0, MAX_FEED_ERRORS - 1);
  kept.push({ line: 0, field: '', reason: `…ほか${unique.length - kept.length}件のエラーがあります` });
  return kept;
}

export type FeedWriteErrorCode = 'tooManyItemsForCsv' | 'notEncodable';

const WRITE_MESSAGES: Readonly<Record<FeedWriteErrorCode, { ja: string; en: string }>> = {
  tooManyItemsForCsv: {
    ja: 'CSVの列数を超える件数があります（JSON形式で書き出してください）',
    en: 'A list has more items than the CSV layout has columns for (write JSON instead)',
  },
  notEncodable: {
    ja: 'Shift_JISで表せない文字があります（UTF-8で書き出してください）',
    en: 'A character cannot be written in Shift_JIS (write UTF-8 instead)',
  },
};

/** A feed the writer cannot write in the format asked for. `detail` says where, without personal data. */
export class FeedWriteError extends Error {
  readonly code: FeedWriteErrorCode;
  readonly messageJa: string;
  readonly detail: string;

  constructor(code: FeedWriteErrorCode, detail: string) {
    super(`${WRITE_MESSAGES[code].en}: ${detail}`);
    this.name = 'FeedWriteError';
    this.code = code;
    this.messageJa = `${WRITE_MESSAGES[code].ja}: ${detail}`;
    this.detail = detail;
  }
}
