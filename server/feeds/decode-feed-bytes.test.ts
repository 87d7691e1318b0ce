import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes, encodeFeedText } from './decode-feed-bytes.ts';
import { FeedWriteError } from './feed-errors.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeFeedBytes', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeFeedBytes(utf8('氏名,山田'))).toEqual({ ok: true, text: '氏名,山田', encoding: 'utf-8', bom: false });
  });

  it('takes a UTF-8 BOM off', () => {
    expect(decodeFeedBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('要介護2')]))).toEqual({
      ok: true,
      text: '要介護2',
      encoding: 'utf-8',
      bom: true,
    });
  });

  it('reads Shift_JIS (cp932), including its own characters such as ～ and ①', () => {
    // 山田 = 8E 52 93 63; ① = 87 40 (an NEC special character, cp932 only); ～ = 81 60.
    const bytes = new Uint8Array([0x8e, 0x52, 0x93, 0x63, 0x2c, 0x87, 0x40, 0x81, 0x60]);
    expect(decodeFeedBytes(bytes)).toEqual({ ok: true, text: '山田,①～', encoding: 'shift_jis', bom: false });
  });

  it('reads plain ASCII as UTF-8', () => {
    expect(decodeFeedBytes(utf8('recordType\r\n'))).toMatchObject({ ok: true, encoding: 'utf-8' });
  });

  it('rejects bytes that are neither, with the line of the first bad byte', () => {
    // Line 2 holds 0xA0, which is no character in cp932 and cannot start a UTF-8 sequence.
    const bytes = new Uint8Array([0x61, 0x0a, 0x62, 0xa0, 0x0a]);
    expect(decodeFeedBytes(bytes)).toEqual({
      ok: false,
      line: 2,
      reason: '文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）',
    });
  });

  it('rejects a BOM followed by bytes that are not UTF-8', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x0a, 0x8e, 0x52]);
    expect(decodeFeedBytes(bytes)).toMatchObject({ ok: false, line: 3 });
  });

  it('rejects UTF-16 by its BOM', () => {
    expect(decodeFeedBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).toEqual({
      ok: false,
      line: 0,
      reason: 'UTF-16 のファイルは読めません（UTF-8 または Shift_JIS で保存してください）',
    });
  });
});

describe('encodeFeedText', () => {
  it('writes Shift_JIS bytes that read back the same', () => {
    const bytes = encodeFeedText('山田,①', 'shift_jis');
    expect([...bytes]).toEqual([0x8e, 0x52, 0x93, 0x63, 0x2c, 0x87, 0x40]);
    expect(iconv.decode(Buffer.from(bytes), 'cp932')).toBe('山田,①');
  });

  it('writes a UTF-8 BOM only when asked', () => {
    expect([...encodeFeedText('a', 'utf-8')]).toEqual([0x61]);
    expect([...encodeFeedText('a', 'utf-8', { bom: true })]).toEqual([0xef, 0xbb, 0xbf, 0x61]);
  });

  it('refuses characters Shift_JIS cannot hold, naming the first', () => {
    expect(() => encodeFeedText('髙橋𠮷野', 'shift_jis')).toThrow(FeedWriteError);
    try {
      encodeFeedText('髙橋𠮷野', 'shift_jis');
    } catch (error) {
      expect(error).toMatchObject({ code: 'notEncodable', detail: 'U+20BB7' });
    }
  });

  it('refuses the wave dash 〜 (U+301C), which cp932 would silently turn into ～ (U+FF5E)', () => {
    expect(() => encodeFeedText('9時〜17時', 'shift_jis')).toThrow(/U\+301C/);
  });
});
