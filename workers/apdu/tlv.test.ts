import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from './hex.ts';
import { MAX_TLV_DEPTH, TlvError, findTlv, parseFirstTlv, parseTlv, parseTlvHeader, type TlvNode } from './tlv.ts';
import { encodeConstructedTlv, encodeTlv, lengthBytes, tagBytes } from './tlv-encoder.ts';

function ok<T>(result: { ok: true; value: T } | { ok: false; error: TlvError }): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}`);
  return result.value;
}

function errorOf(result: { ok: boolean; error?: TlvError }): { code: string; offset: number } {
  expect(result.ok).toBe(false);
  expect(result.error).toBeInstanceOf(TlvError);
  return { code: result.error?.code ?? '', offset: result.error?.offset ?? -1 };
}

describe('parseTlv: worked examples', () => {
  it('parses one primitive object', () => {
    const [node] = ok(parseTlv(hexToBytes('04 03 41 42 43')));
    expect(node).toMatchObject({ tag: 0x04, constructed: false, offset: 0, headerLength: 2, children: [] });
    expect(bytesToHex(node?.value ?? new Uint8Array())).toBe('414243');
  });

  it('parses a sequence of objects and a zero-length value', () => {
    const nodes = ok(parseTlv(hexToBytes('05 00 02 01 07')));
    expect(nodes.map((n) => [n.tag, n.value.length, n.offset])).toEqual([
      [0x05, 0, 0],
      [0x02, 1, 2],
    ]);
  });

  it('returns no objects for empty input', () => {
    expect(ok(parseTlv(new Uint8Array(0)))).toEqual([]);
  });

  it('reads two-byte tags like DF21 and FF20, and FF20 is constructed', () => {
    const bytes = hexToBytes('FF20 0A DF21 02 0102 DF22 02 E3 81');
    const [container] = ok(parseTlv(bytes));
    expect(container?.tag).toBe(0xff20);
    expect(container?.constructed).toBe(true);
    expect(container?.children.map((c) => [c.tag, c.constructed, bytesToHex(c.value), c.offset])).toEqual([
      [0xdf21, false, '0102', 3],
      [0xdf22, false, 'E381', 8],
    ]);
  });

  it('reads a three-byte tag (1F 81 01 = tag number 129)', () => {
    const [node] = ok(parseTlv(hexToBytes('1F8101 01 FF')));
    expect(node?.tag).toBe(0x1f8101);
    expect(node?.headerLength).toBe(4);
  });

  it('reads long lengths 81, 82, 83 and 84', () => {
    const v200 = new Uint8Array(200).fill(7);
    expect(ok(parseTlv(new Uint8Array([0x04, 0x81, 0xc8, ...v200])))[0]?.value.length).toBe(200);
    const v300 = new Uint8Array(300);
    const n82 = ok(parseTlv(new Uint8Array([0x04, 0x82, 0x01, 0x2c, ...v300])))[0];
    expect([n82?.value.length, n82?.headerLength]).toEqual([300, 4]);
    // Non-minimal long forms are legal BER and read the same.
    expect(ok(parseTlv(hexToBytes('04 83 000002 AABB')))[0]?.value.length).toBe(2);
    expect(ok(parseTlv(hexToBytes('04 84 00000001 AA')))[0]?.headerLength).toBe(6);
  });

  it('parses nested constructed objects (a DER certificate shape)', () => {
    // 30 { 30 { INTEGER 2, INTEGER 3 }, NULL }
    const [outer] = ok(parseTlv(hexToBytes('30 0A 30 06 02 01 02 02 01 03 05 00')));
    expect(outer?.children.map((c) => c.tag)).toEqual([0x30, 0x05]);
    expect(outer?.children[0]?.children.map((c) => bytesToHex(c.value))).toEqual(['02', '03']);
    expect(outer?.children[0]?.children[1]?.offset).toBe(7);
  });

  it('finds a child by tag', () => {
    const [container] = ok(parseTlv(hexToBytes('FF20 08 DF24 01 31 DF25 01 32')));
    expect(bytesToHex(findTlv(container?.children ?? [], 0xdf25)?.value ?? new Uint8Array())).toBe('32');
    expect(findTlv(container?.children ?? [], 0xdf26)).toBeUndefined();
  });
});

describe('parseTlv: errors, never exceptions', () => {
  it.each([
    ['truncated multi-byte tag', '1F', 'truncatedTag', 1],
    ['tag continuing past the end', '1F 81', 'truncatedTag', 2],
    ['tag longer than three bytes', '1F 81 81 01 00', 'tagTooLong', 0],
    ['missing length', '04', 'truncatedLength', 1],
    ['missing long-length bytes', '04 82 01', 'truncatedLength', 3],
    ['indefinite length', '30 80 00 00', 'indefiniteLength', 1],
    ['five length bytes', '04 85 0000000001 AA', 'lengthTooLong', 1],
    ['value past the end', '04 05 AA BB', 'valueOverrun', 0],
    ['long length past the end', '04 82 FFFF AA', 'valueOverrun', 0],
    ['second object truncated', '05 00 04 02 AA', 'valueOverrun', 2],
    ['bad child inside a constructed object', '30 03 04 05 AA', 'valueOverrun', 2],
    ['child running past its parent', '30 02 04 02 AA BB', 'valueOverrun', 2],
  ])('%s', (_name, hex, code, offset) => {
    expect(errorOf(parseTlv(hexToBytes(hex)))).toEqual({ code, offset });
  });

  it('bounds the nesting depth', () => {
    let bytes: Uint8Array = hexToBytes('05 00');
    for (let i = 0; i <= MAX_TLV_DEPTH; i++) bytes = encodeTlv(0x30, bytes);
    expect(errorOf(parseTlv(bytes)).code).toBe('tooDeep');
    let shallow: Uint8Array = hexToBytes('05 00');
    for (let i = 0; i < MAX_TLV_DEPTH; i++) shallow = encodeTlv(0x30, shallow);
    expect(ok(parseTlv(shallow))).toHaveLength(1);
  });

  it('does not share memory with the input', () => {
    const input = hexToBytes('04 01 AA');
    const [node] = ok(parseTlv(input));
    input[2] = 0xbb;
    expect(node?.value[0]).toBe(0xaa);
  });
});

describe('parseTlvHeader and parseFirstTlv', () => {
  it('reads a certificate size from its first four bytes', () => {
    expect(ok(parseTlvHeader(hexToBytes('30 82 03 84')))).toEqual({ tag: 0x30, constructed: true, headerLength: 4, valueLength: 0x384 });
  });

  it('reads the basic info header from its first bytes', () => {
    expect(ok(parseTlvHeader(hexToBytes('FF 20 81 9F DF 21 08')))).toEqual({ tag: 0xff20, constructed: true, headerLength: 4, valueLength: 0x9f });
  });

  it('ignores padding after the first object', () => {
    const node = ok(parseFirstTlv(hexToBytes('04 01 AA FF FF FF')));
    expect(bytesToHex(node.value)).toBe('AA');
  });

  it('reports a first object cut short', () => {
    expect(errorOf(parseFirstTlv(hexToBytes('04 05 AA'))).code).toBe('valueOverrun');
    expect(errorOf(parseFirstTlv(new Uint8Array(0))).code).toBe('truncatedTag');
  });
});

describe('tlv encoder', () => {
  it('writes minimal lengths', () => {
    expect(bytesToHex(lengthBytes(0x7f))).toBe('7F');
    expect(bytesToHex(lengthBytes(0x80))).toBe('8180');
    expect(bytesToHex(lengthBytes(0x100))).toBe('820100');
    expect(bytesToHex(lengthBytes(0x10000))).toBe('83010000');
  });

  it('writes tags of one to three bytes', () => {
    expect(bytesToHex(tagBytes(0x30))).toBe('30');
    expect(bytesToHex(tagBytes(0xdf21))).toBe('DF21');
    expect(bytesToHex(tagBytes(0x1f8101))).toBe('1F8101');
    expect(() => tagBytes(0x1000000)).toThrow(RangeError);
  });

  it('writes a constructed object', () => {
    expect(bytesToHex(encodeConstructedTlv(0xff20, encodeTlv(0xdf24, hexToBytes('3139')), encodeTlv(0xdf25, hexToBytes('31'))))).toBe('FF2009DF24023139DF250131');
  });
});

// Generated trees of valid TLVs: tag numbers with the right continuation bits for 1-3 byte tags.
const primitiveTag = fc.oneof(
  fc.integer({ min: 0x01, max: 0x1e }),
  fc.integer({ min: 0x1f, max: 0x7f }).map((n) => 0x9f00 | n),
  fc.integer({ min: 0x80, max: 0x7fff }).map((n) => 0x9f0000 | (((n >> 7) | 0x80) << 8) | (n & 0x7f)),
);
type Tree = { tag: number; value: Uint8Array } | { tag: number; children: Tree[] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ tag: primitiveTag, value: fc.uint8Array({ maxLength: 300 }) }),
    fc.record({ tag: primitiveTag.map((t) => t | (t > 0xffff ? 0x200000 : t > 0xff ? 0x2000 : 0x20)), children: fc.array(tie('node'), { maxLength: 4 }) }),
  ),
})).node;

function encodeTree(t: Tree): Uint8Array {
  return 'value' in t ? encodeTlv(t.tag, t.value) : encodeConstructedTlv(t.tag, ...t.children.map(encodeTree));
}

function sameTree(node: TlvNode | undefined, t: Tree): void {
  expect(node?.tag).toBe(t.tag);
  if ('value' in t) {
    expect(node?.constructed).toBe(false);
    expect(bytesToHex(node?.value ?? new Uint8Array())).toBe(bytesToHex(t.value));
  } else {
    expect(node?.constructed).toBe(true);
    expect(node?.children.length).toBe(t.children.length);
    t.children.forEach((child, i) => sameTree(node?.children[i], child));
  }
}

describe('parseTlv: properties', () => {
  it('parses back what the encoder wrote', () => {
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 3 }), (trees) => {
        const nodes = ok(parseTlv(concat(trees.map(encodeTree))));
        expect(nodes.length).toBe(trees.length);
        trees.forEach((t, i) => sameTree(nodes[i], t));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a result and never throws on arbitrary bytes; every value lies inside the input (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const result = parseTlv(bytes);
        if (!result.ok) {
          expect(result.error).toBeInstanceOf(TlvError);
          expect(result.error.offset).toBeGreaterThanOrEqual(0);
          expect(result.error.offset).toBeLessThanOrEqual(bytes.length);
          return;
        }
        const walk = (nodes: TlvNode[]) => {
          for (const n of nodes) {
            expect(n.offset + n.headerLength + n.value.length).toBeLessThanOrEqual(bytes.length);
            walk(n.children);
          }
        };
        walk(result.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives mutations of valid encodings (fuzz)', () => {
    fc.assert(
      fc.property(tree, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat(), (t, flips, cut) => {
        const bytes = encodeTree(t).slice();
        for (const [at, value] of flips) if (bytes.length) bytes[at % bytes.length] = value;
        const truncated = bytes.subarray(0, bytes.length ? cut % (bytes.length + 1) : 0);
        const result = parseTlv(truncated);
        expect(typeof result.ok).toBe('boolean');
        const first = parseFirstTlv(truncated);
        expect(typeof first.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('a four-byte length of FFFFFFFF stays a large positive length, not a negative one', () => {
    expect(errorOf(parseTlv(hexToBytes('04 84 FFFFFFFF 00'))).code).toBe('valueOverrun');
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
