/**
 * Port-100 framing, the byte format the Sony RC-S380 (NFC Port-100 chip) speaks over its USB bulk endpoints.
 *
 * Extended information frame (the only kind the RC-S380 uses for commands and responses):
 *
 * ```
 * 00 00 FF | FF FF | LEN_lo LEN_hi | LCS | TFI CODE DATA… | DCS | 00
 * preamble+ | ext.  | length of TFI..DATA | (−Σ LEN) mod 256 | D6 host→chip, D7 chip→host | (−Σ TFI..DATA) mod 256 | postamble
 * ```
 *
 * A response's CODE is the command's code + 1. The ACK frame `00 00 FF 00 FF 00` confirms a command was
 * received; sent by the host it aborts the command in progress. Decoding is total: any byte string either
 * gives a frame or a `Port100FrameError` with a stable code, never anything else.
 */

/** Frame identifier of host → chip frames. */
export const PORT100_TFI_COMMAND = 0xd6;
/** Frame identifier of chip → host frames. */
export const PORT100_TFI_RESPONSE = 0xd7;

/** The ACK frame, both ways. */
export const PORT100_ACK: Uint8Array<ArrayBuffer> = Uint8Array.of(0x00, 0x00, 0xff, 0x00, 0xff, 0x00);

/** The largest TFI..DATA a frame may carry (the length field is 16 bits). */
export const PORT100_MAX_BODY = 0xffff;

const HEADER_LENGTH = 8; // 00 00 FF FF FF LEN LEN LCS

export type Port100Frame =
  | { kind: 'ack' }
  | { kind: 'data'; tfi: typeof PORT100_TFI_COMMAND | typeof PORT100_TFI_RESPONSE; code: number; data: Uint8Array };

export type Port100FrameErrorCode =
  | 'frameTooShort'
  | 'framePreamble'
  | 'frameNotExtended'
  | 'frameLengthChecksum'
  | 'frameTruncated'
  | 'frameTrailingBytes'
  | 'frameDataChecksum'
  | 'framePostamble'
  | 'frameIdentifier'
  | 'frameTooLong';

export const PORT100_FRAME_ERROR_MESSAGES: Record<Port100FrameErrorCode, { ja: string; en: string }> = {
  frameTooShort: { ja: 'カードリーダーの応答が短すぎます。', en: 'The reader frame is too short.' },
  framePreamble: { ja: 'カードリーダーの応答の先頭が不正です。', en: 'The reader frame has a bad preamble.' },
  frameNotExtended: { ja: 'カードリーダーの応答の形式が想定外です。', en: 'The reader frame is not an extended frame.' },
  frameLengthChecksum: { ja: 'カードリーダーの応答の長さ検査値が一致しません。', en: 'The reader frame length checksum does not match.' },
  frameTruncated: { ja: 'カードリーダーの応答が途中で切れています。', en: 'The reader frame is truncated.' },
  frameTrailingBytes: { ja: 'カードリーダーの応答に余分なバイトがあります。', en: 'The reader frame has trailing bytes.' },
  frameDataChecksum: { ja: 'カードリーダーの応答の検査値が一致しません。', en: 'The reader frame data checksum does not match.' },
  framePostamble: { ja: 'カードリーダーの応答の末尾が不正です。', en: 'The reader frame has a bad postamble.' },
  frameIdentifier: { ja: 'カードリーダーの応答の種別が不正です。', en: 'The reader frame has an unknown frame identifier.' },
  frameTooLong: { ja: 'カードリーダーへのデータが長すぎます。', en: 'The data is too long for one reader frame.' },
};

export class Port100FrameError extends Error {
  override readonly name = 'Port100FrameError';
  readonly code: Port100FrameErrorCode;
  readonly messageJa: string;

  constructor(code: Port100FrameErrorCode) {
    super(`${code}: ${PORT100_FRAME_ERROR_MESSAGES[code].en}`);
    this.code = code;
    this.messageJa = PORT100_FRAME_ERROR_MESSAGES[code].ja;
  }
}

/** Encodes one extended frame carrying `tfi code data`. */
export function encodePort100Frame(tfi: number, code: number, data: Uint8Array = new Uint8Array(0)): Uint8Array<ArrayBuffer> {
  const bodyLength = 2 + data.length;
  if (bodyLength > PORT100_MAX_BODY) throw new Port100FrameError('frameTooLong');
  const frame = new Uint8Array(HEADER_LENGTH + bodyLength + 2);
  frame.set([0x00, 0x00, 0xff, 0xff, 0xff, bodyLength & 0xff, bodyLength >> 8], 0);
  frame[7] = checksum([bodyLength & 0xff, bodyLength >> 8]);
  frame[8] = tfi & 0xff;
  frame[9] = code & 0xff;
  frame.set(data, 10);
  frame[HEADER_LENGTH + bodyLength] = checksum(frame.subarray(HEADER_LENGTH, HEADER_LENGTH + bodyLength));
  frame[HEADER_LENGTH + bodyLength + 1] = 0x00;
  return frame;
}

/** A host → chip command frame (`D6 code data`). */
export function encodePort100Command(code: number, data?: Uint8Array): Uint8Array<ArrayBuffer> {
  return encodePort100Frame(PORT100_TFI_COMMAND, code, data);
}

/** A chip → host response frame (`D7 code data`); `code` is the command's code + 1. */
export function encodePort100Response(code: number, data?: Uint8Array): Uint8Array<ArrayBuffer> {
  return encodePort100Frame(PORT100_TFI_RESPONSE, code, data);
}

/** Decodes exactly one frame; throws `Port100FrameError` for anything that is not a well-formed frame. */
export function decodePort100Frame(bytes: Uint8Array): Port100Frame {
  if (bytes.length < PORT100_ACK.length) throw new Port100FrameError('frameTooShort');
  if (bytes[0] !== 0x00 || bytes[1] !== 0x00 || bytes[2] !== 0xff) throw new Port100FrameError('framePreamble');
  if (bytes[3] === 0x00 && bytes[4] === 0xff) {
    if (bytes[5] !== 0x00) throw new Port100FrameError('framePostamble');
    if (bytes.length !== PORT100_ACK.length) throw new Port100FrameError('frameTrailingBytes');
    return { kind: 'ack' };
  }
  if (bytes[3] !== 0xff || bytes[4] !== 0xff) throw new Port100FrameError('frameNotExtended');
  if (bytes.length < HEADER_LENGTH) throw new Port100FrameError('frameTooShort');
  const lo = bytes[5] ?? 0;
  const hi = bytes[6] ?? 0;
  if (((lo + hi + (bytes[7] ?? 0)) & 0xff) !== 0) throw new Port100FrameError('frameLengthChecksum');
  const bodyLength = lo | (hi << 8);
  // TFI and command code are always present.
  if (bodyLength < 2) throw new Port100FrameError('frameTooShort');
  const total = HEADER_LENGTH + bodyLength + 2;
  if (bytes.length < total) throw new Port100FrameError('frameTruncated');
  if (bytes.length > total) throw new Port100FrameError('frameTrailingBytes');
  const body = bytes.subarray(HEADER_LENGTH, HEADER_LENGTH + bodyLength);
  if (((sum(body) + (bytes[HEADER_LENGTH + bodyLength] ?? 0)) & 0xff) !== 0) throw new Port100FrameError('frameDataChecksum');
  if (bytes[total - 1] !== 0x00) throw new Port100FrameError('framePostamble');
  const tfi = body[0];
  if (tfi !== PORT100_TFI_COMMAND && tfi !== PORT100_TFI_RESPONSE) throw new Port100FrameError('frameIdentifier');
  return { kind: 'data', tfi, code: body[1] ?? 0, data: body.slice(2) };
}

/** The two's-complement checksum: the byte that makes the sum of `bytes` and itself 0 mod 256. */
function checksum(bytes: ArrayLike<number>): number {
  return (0x100 - (sum(bytes) & 0xff)) & 0xff;
}

function sum(bytes: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < bytes.length; i++) total += bytes[i] ?? 0;
  return total;
}
