/**
 * BER-TLV parsing (ISO/IEC 7816-4 §5.2, ITU-T X.690 §8.1) for what the My Number card returns: the basic
 * four info (`FF20 { DF21 … DF25 }`) and DER certificates.
 *
 * - Tags: 1–3 bytes. A first byte with low five bits `11111` is followed by bytes with bit 8 set while the
 *   tag continues (`DF21`, `FF20`). Bit 6 of the first byte marks a constructed object, whose value is parsed
 *   as nested TLVs.
 * - Lengths: one byte `00`–`7F`, or `81`–`84` followed by 1–4 length bytes. `80` (indefinite, BER only) is
 *   refused: card files and DER never use it.
 * - Every length is checked against the bytes at hand and nesting is bounded, so hostile input ends in a
 *   `TlvError` result, never an exception, a read past the end or a deep recursion.
 */

export const TLV_ERROR_CODES = ['truncatedTag', 'tagTooLong', 'truncatedLength', 'indefiniteLength', 'lengthTooLong', 'valueOverrun', 'tooDeep'] as const;
export type TlvErrorCode = (typeof TLV_ERROR_CODES)[number];

/** A structural error in TLV bytes, at `offset` from the start of the parsed buffer. */
export class TlvError extends Error {
  override readonly name = 'TlvError';
  readonly code: TlvErrorCode;
  readonly offset: number;

  constructor(code: TlvErrorCode, offset: number) {
    super(`${code} at offset ${offset}`);
    this.code = code;
    this.offset = offset;
  }
}

export interface TlvNode {
  /** The tag bytes as a number, e.g. 0x30, 0xDF21, 0xFF20. */
  tag: number;
  constructed: boolean;
  /** The value bytes (a view into the parsed buffer's copy). */
  value: Uint8Array;
  /** Parsed children of a constructed object; empty for primitive ones. */
  children: TlvNode[];
  /** Where the object starts, relative to the parsed buffer. */
  offset: number;
  /** Tag + length bytes. */
  headerLength: number;
}

export interface TlvHeader {
  tag: number;
  constructed: boolean;
  headerLength: number;
  valueLength: number;
}

export type TlvResult<T> = { ok: true; value: T } | { ok: false; error: TlvError };

export const MAX_TLV_DEPTH = 16;
const MAX_TAG_BYTES = 3;
const MAX_LENGTH_BYTES = 4;

/**
 * Reads the tag and length of the object starting at `offset`, without checking that the value is present
 * (a file reader uses it on the first bytes of a file to learn how much more to read).
 */
export function parseTlvHeader(bytes: Uint8Array, offset = 0): TlvResult<TlvHeader> {
  let pos = offset;
  const first = bytes[pos];
  if (first === undefined) return fail('truncatedTag', pos);
  pos++;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let count = 1;
    for (;;) {
      const next = bytes[pos];
      if (next === undefined) return fail('truncatedTag', pos);
      count++;
      if (count > MAX_TAG_BYTES) return fail('tagTooLong', offset);
      tag = tag * 256 + next;
      pos++;
      if ((next & 0x80) === 0) break;
    }
  }
  const lengthByte = bytes[pos];
  if (lengthByte === undefined) return fail('truncatedLength', pos);
  pos++;
  let valueLength: number;
  if (lengthByte < 0x80) {
    valueLength = lengthByte;
  } else if (lengthByte === 0x80) {
    return fail('indefiniteLength', pos - 1);
  } else {
    const count = lengthByte & 0x7f;
    if (count > MAX_LENGTH_BYTES) return fail('lengthTooLong', pos - 1);
    valueLength = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[pos];
      if (b === undefined) return fail('truncatedLength', pos);
      valueLength = valueLength * 256 + b;
      pos++;
    }
  }
  return { ok: true, value: { tag, constructed: (first & 0x20) !== 0, headerLength: pos - offset, valueLength } };
}

/** Parses a sequence of TLV objects filling `bytes` exactly. */
export function parseTlv(bytes: Uint8Array): TlvResult<TlvNode[]> {
  const copy = bytes.slice();
  return parseRange(copy, 0, copy.length, 0);
}

/** Parses exactly one object at the start of `bytes`; bytes after it are ignored (e.g. file padding). */
export function parseFirstTlv(bytes: Uint8Array): TlvResult<TlvNode> {
  const header = parseTlvHeader(bytes, 0);
  if (!header.ok) return header;
  const end = header.value.headerLength + header.value.valueLength;
  if (end > bytes.length) return fail('valueOverrun', 0);
  const nodes = parseTlv(bytes.subarray(0, end));
  if (!nodes.ok) return nodes;
  const [node] = nodes.value;
  return node ? { ok: true, value: node } : fail('truncatedTag', 0);
}

function parseRange(bytes: Uint8Array, start: number, end: number, depth: number): TlvResult<TlvNode[]> {
  if (depth > MAX_TLV_DEPTH) return fail('tooDeep', start);
  const nodes: TlvNode[] = [];
  let pos = start;
  while (pos < end) {
    const header = parseTlvHeader(bytes.subarray(0, end), pos);
    if (!header.ok) return header;
    const { tag, constructed, headerLength, valueLength } = header.value;
    const valueStart = pos + headerLength;
    if (valueLength > end - valueStart) return fail('valueOverrun', pos);
    const valueEnd = valueStart + valueLength;
    let children: TlvNode[] = [];
    if (constructed) {
      const inner = parseRange(bytes, valueStart, valueEnd, depth + 1);
      if (!inner.ok) return inner;
      children = inner.value;
    }
    nodes.push({ tag, constructed, value: bytes.subarray(valueStart, valueEnd), children, offset: pos, headerLength });
    pos = valueEnd;
  }
  return { ok: true, value: nodes };
}

/** The first node with `tag` among `nodes` (not searching deeper). */
export function findTlv(nodes: readonly TlvNode[], tag: number): TlvNode | undefined {
  return nodes.find((n) => n.tag === tag);
}

function fail(code: TlvErrorCode, offset: number): { ok: false; error: TlvError } {
  return { ok: false, error: new TlvError(code, offset) };
}
