/**
 * Decodes an uploaded feed file's bytes to text, and encodes text for writing one. Insurers' systems write UTF-8
 * (with or without a BOM) or Shift_JIS (Windows-31J / cp932, the encoding of most 市町村 exports).
 *
 * Detection: a UTF-8 BOM means UTF-8; bytes that are valid UTF-8 are UTF-8; anything else is tried as cp932.
 * Japanese text in Shift_JIS is almost never valid UTF-8 (its lead bytes 0x81–0x9F are UTF-8 continuation
 * bytes), so the order is safe. Bytes that are neither are rejected with the line of the first bad byte.
 */
import iconv from 'iconv-lite';
import { FeedWriteError } from './feed-errors.ts';

export type FeedEncoding = 'utf-8' | 'shift_jis';

export type DecodedFeed =
  | { ok: true; text: string; encoding: FeedEncoding; bom: boolean }
  | { ok: false; line: number; reason: string };

const RESAVE = '（UTF-8 または Shift_JIS で保存してください）';

export function decodeFeedBytes(bytes: Uint8Array): DecodedFeed {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const body = bytes.subarray(3);
    const text = strictUtf8(body);
    if (text !== null) return { ok: true, text, encoding: 'utf-8', bom: true };
    const loose = new TextDecoder('utf-8').decode(body);
    return { ok: false, line: lineOf(loose, loose.indexOf('\uFFFD')), reason: `UTF-8（BOM付き）として読めない文字があります${RESAVE}` };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return { ok: false, line: 0, reason: `UTF-16 のファイルは読めません${RESAVE}` };
  }
  const text = strictUtf8(bytes);
  if (text !== null) return { ok: true, text, encoding: 'utf-8', bom: false };
  const sjis = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
  // iconv-lite turns bytes that are not cp932 into U+FFFD, which cp932 itself cannot encode: any U+FFFD means
  // the file is neither encoding.
  const bad = sjis.indexOf('\uFFFD');
  if (bad !== -1) return { ok: false, line: lineOf(sjis, bad), reason: `文字コードを判別できません${RESAVE}` };
  return { ok: true, text: sjis, encoding: 'shift_jis', bom: false };
}

/** Encodes text in the given encoding; throws FeedWriteError for a character Shift_JIS (cp932) cannot hold. */
export function encodeFeedText(text: string, encoding: FeedEncoding, options: { bom?: boolean } = {}): Uint8Array {
  if (encoding === 'utf-8') {
    const body = new TextEncoder().encode(text);
    if (!options.bom) return body;
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  const encoded = iconv.encode(text, 'cp932');
  // iconv-lite writes '?' for what cp932 lacks, and folds some look-alikes (U+301C 〜 → 0x8160 → U+FF5E ～):
  // only an exact round trip proves the bytes say what the text says.
  if (iconv.decode(encoded, 'cp932') !== text) {
    for (const ch of text) {
      if (iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') !== ch) {
        throw new FeedWriteError('notEncodable', `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
      }
    }
  }
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: the BOM, when there is one, has already been taken off; a second one is content.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The 1-based line of a position in decoded text (LF counts; CRLF has one LF). */
function lineOf(text: string, index: number): number {
  let line = 1;
  const end = index < 0 ? text.length : index;
  for (let k = text.indexOf('\n'); k !== -1 && k < end; k = text.indexOf('\n', k + 1)) line++;
  return line;
}
