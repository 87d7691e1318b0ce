import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DoctorOpinion } from '../../src/domain/documents.ts';
import { InsuredNumber, IsoDate } from '../../src/domain/identifiers.ts';
import { BurdenRatioValue, InsuredIdentity } from '../../src/domain/insured.ts';
import { FeedRecord } from '../../src/protocol/feed.ts';
import { capFeedErrors, FeedWriteError, MAX_FEED_ERRORS, reasonForIssue } from './feed-errors.ts';

/** The reasons for what a schema says about a value. */
function reasons(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? [] : result.error.issues.map(reasonForIssue);
}

describe('reasonForIssue', () => {
  it('passes through the Japanese messages of the domain schemas', () => {
    expect(reasons(InsuredNumber, '12345')).toEqual(['被保険者番号は10桁の数字です']);
    expect(reasons(IsoDate, '2026-02-29')).toEqual(['存在しない日付です']);
  });

  it('tells a missing value from a value of the wrong type', () => {
    expect(reasons(z.object({ a: z.string() }), {})).toEqual(['必須です']);
    expect(reasons(z.string(), null)).toEqual(['必須です']);
    expect(reasons(z.string(), 12)).toEqual(['文字列で書いてください']);
    expect(reasons(z.number().int(), 1.5)).toEqual(['整数で書いてください']);
    expect(reasons(z.array(z.string()), 'x')).toEqual(['配列（[…]）で書いてください']);
  });

  it('says how long or how large a value may be', () => {
    expect(reasons(InsuredIdentity.shape.name, '')).toEqual(['必須です']);
    expect(reasons(InsuredIdentity.shape.name, 'あ'.repeat(61))).toEqual(['60文字以内です']);
    expect(reasons(z.number().int().min(2000), 1999)).toEqual(['2000以上です']);
    expect(reasons(z.number().max(3), 4)).toEqual(['3以下です']);
    expect(reasons(z.array(z.string()).min(1), [])).toEqual(['1件以上必要です']);
    expect(reasons(DoctorOpinion.shape.diagnoses, Array.from({ length: 11 }, () => ({ name: 'a', onsetOn: null })))).toEqual(['10件までです']);
  });

  it('lists the allowed values of enums, literal unions and the record kinds', () => {
    expect(reasons(z.enum(['male', 'female']), 'x')).toEqual(['使えない値です（使える値: male, female）']);
    expect(reasons(BurdenRatioValue, 4)).toEqual(['使えない値です（使える値: 1, 2, 3）']);
    expect(reasons(FeedRecord, { kind: 'person' })).toEqual(['使えない値です（使える値: insured, doctorOpinion, assessmentSurvey）']);
  });

  it('explains the document id pattern', () => {
    expect(reasons(DoctorOpinion.shape.documentId, 'a b')).toEqual(['半角英数字と - _ で64文字以内です']);
  });
});

describe('capFeedErrors', () => {
  it('orders by line, keeping the order within a line, and keeps one error per line and field', () => {
    expect(
      capFeedErrors([
        { line: 3, field: 'name', reason: 'a' },
        { line: 2, field: 'sex', reason: 'b' },
        { line: 2, field: 'birthDate', reason: 'c' },
        { line: 2, field: 'sex', reason: 'd' },
        { line: 0, field: '', reason: 'e' },
      ]),
    ).toEqual([
      { line: 0, field: '', reason: 'e' },
      { line: 2, field: 'sex', reason: 'b' },
      { line: 2, field: 'birthDate', reason: 'c' },
      { line: 3, field: 'name', reason: 'a' },
    ]);
  });

  it('returns at most MAX_FEED_ERRORS entries, the last counting the rest', () => {
    const errors = Array.from({ length: 1500 }, (_, i) => ({ line: i + 1, field: 'name', reason: '必須です' }));
    const capped = capFeedErrors(errors);
    expect(capped).toHaveLength(MAX_FEED_ERRORS);
    expect(capped[998]).toEqual({ line: 999, field: 'name', reason: '必須です' });
    expect(capped[999]).toEqual({ line: 0, field: '', reason: '…ほか501件のエラーがあります' });
    expect(capFeedErrors(errors.slice(0, 1000))).toHaveLength(1000);
  });
});

describe('FeedWriteError', () => {
  it('carries a stable code and messages in Japanese and English', () => {
    const error = new FeedWriteError('notEncodable', 'U+301C');
    expect(error.code).toBe('notEncodable');
    expect(error.messageJa).toBe('Shift_JISで表せない文字があります（UTF-8で書き出してください）: U+301C');
    expect(error.message).toBe('A character cannot be written in Shift_JIS (write UTF-8 instead): U+301C');
  });
});
