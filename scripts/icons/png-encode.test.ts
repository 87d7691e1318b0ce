import { describe, expect, it } from 'vitest';
import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { crc32, encodePng } from './png-encode.ts';

function readChunks(png: Uint8Array): { type: string; data: Uint8Array; crc: number }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: { type: string; data: Uint8Array; crc: number }[] = [];
  let at = 8;
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    chunks.push({ type, data, crc: view.getUint32(at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

describe('crc32', () => {
  it('matches the standard check value for "123456789"', () => {
    // The CRC-32/ISO-HDLC check value published with the algorithm.
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('agrees with node:zlib on the IEND type', () => {
    const iend = new TextEncoder().encode('IEND');
    expect(crc32(iend)).toBe(0xae426082);
    expect(crc32(iend)).toBe(zlibCrc32(iend));
  });
});

describe('encodePng', () => {
  // A 2×2 image: red, green / blue, half-transparent white.
  const pixels = Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 128);
  const png = encodePng({ width: 2, height: 2, pixels });

  it('starts with the PNG signature and has IHDR, IDAT, IEND in order', () => {
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(readChunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('writes width 2, height 2, 8-bit RGBA in IHDR with a valid CRC', () => {
    const ihdr = readChunks(png)[0]!;
    expect([...ihdr.data]).toEqual([0, 0, 0, 2, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
    const typed = new Uint8Array([...new TextEncoder().encode('IHDR'), ...ihdr.data]);
    expect(ihdr.crc).toBe(zlibCrc32(typed));
  });

  it('stores each scanline behind a 0 filter byte, so inflating gives the pixels back', () => {
    const idat = readChunks(png)[1]!;
    const raw = new Uint8Array(inflateSync(idat.data));
    expect([...raw]).toEqual([0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 255, 255, 255, 255, 255, 128]);
  });

  it('rejects a pixel buffer of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(15) })).toThrow(RangeError);
  });
});
