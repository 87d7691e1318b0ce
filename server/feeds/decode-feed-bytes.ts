/**
 * Decodes an uploaded feed file's bytes to text. Insurers' systems write UTF-8 (with or without a BOM) or
 * Shift_JIS (Windows-31J / cp932, the encoding the care-plan CSV standard also uses).
 */
import iconv from 'iconv-lite';

export type FeedEncoding = 'utf-8' | 'shift_jis';

export type DecodedFeed = { ok: true; text: string; encoding: FeedEncoding } | { ok: false; reason: string };

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function decodeFeedBytes(bytes: Uint8Array): DecodedFeed {
  if (bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2]) {
    return utf8(bytes.subarray(3));
  }
  const asUtf8 = utf8(bytes);
  if (asUtf8.ok) return asUtf8;
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
  // iconv-lite maps bytes that are not cp932 to U+FFFD: such a file is neither encoding.
  if (text.includes('\uFFFD')) {
    return { ok: false, reason: '文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）' };
  }
  return { ok: true, text, encoding: 'shift_jis' };
}

function utf8(bytes: Uint8Array): DecodedFeed {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, text, encoding: 'utf-8' };
  } catch {
    return { ok: false, reason: 'UTF-8 として読めません' };
  }
}

/** Encodes text for writing a feed file in the given encoding. */
export function encodeFeedText(text: string, encoding: FeedEncoding): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  return new Uint8Array(iconv.encode(text, 'cp932'));
}
