/**
 * Turns schema problems into the Japanese reasons a person at the insurer can act on, and caps the list.
 * The schemas already carry Japanese messages for formats (e.g. 被保険者番号は10桁の数字です); the codes zod
 * reports in English are translated here.
 */
import type { z } from 'zod';
import type { FeedError } from '../../src/protocol/feed.ts';

export const MAX_FEED_ERRORS = 1000;

const HAS_JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

const TYPE_NAMES: Record<string, string> = {
  string: '文字列',
  number: '数値',
  int: '整数',
  boolean: '真偽値',
  array: '一覧（JSON配列）',
  object: '項目のまとまり',
  date: '日付',
};

export function reasonForIssue(issue: z.core.$ZodIssue): string {
  if (HAS_JAPANESE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined || input === null || input === '') return '必須です';
      return `形式が正しくありません（${TYPE_NAMES[issue.expected] ?? issue.expected}で入力してください）`;
    }
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '必須です' : `${String(issue.minimum)}文字以上で入力してください`;
      if (issue.origin === 'array') return `${String(issue.minimum)}件以上必要です`;
      return `${String(issue.minimum)}以上の値にしてください`;
    case 'too_big':
      if (issue.origin === 'string') return `${String(issue.maximum)}文字以内で入力してください`;
      if (issue.origin === 'array') return `${String(issue.maximum)}件までです`;
      return `${String(issue.maximum)}以下の値にしてください`;
    case 'invalid_value':
      return `使えない値です（使える値: ${issue.values.map(String).join(', ')}）`;
    case 'invalid_format':
      return '形式が正しくありません';
    case 'invalid_union':
      return '使えない値です';
    case 'unrecognized_keys':
      return `不明な項目があります: ${issue.keys.join(', ')}`;
    default:
      return '値が正しくありません';
  }
}

/** Sorts by line then field, and cuts the list at MAX_FEED_ERRORS with a closing count. */
export function capFeedErrors(errors: FeedError[]): FeedError[] {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
  if (sorted.length <= MAX_FEED_ERRORS) return sorted;
  const kept = sorted.slice(0, MAX_FEED_ERRORS);
  kept.push({ line: 0, field: '', reason: `…ほか${sorted.length - MAX_FEED_ERRORS}件のエラーがあります` });
  return kept;
}
