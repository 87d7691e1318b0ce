import { describe, expect, it } from 'vitest';
import { drawMark, markColourAt, MARK_COLOURS } from './draw-mark.ts';

function pixel(image: { width: number; pixels: Uint8Array }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.pixels.subarray(i, i + 4)];
}

describe('markColourAt', () => {
  it('leaves the corners of the rounded square clear for purpose "any"', () => {
    expect(markColourAt(0.01, 0.01, 'any')).toEqual(MARK_COLOURS.clear);
  });
  it('fills the corners for maskable and opaque icons', () => {
    expect(markColourAt(0.01, 0.01, 'maskable')).toEqual(MARK_COLOURS.field);
    expect(markColourAt(0.01, 0.01, 'opaque')).toEqual(MARK_COLOURS.field);
  });
  it('paints the left ring white at its leftmost point (x = 0.5 − 0.13 − 0.185 = 0.185)', () => {
    expect(markColourAt(0.185, 0.5, 'any')).toEqual(MARK_COLOURS.leftRing);
  });
  it('paints the right ring yellow at its rightmost point (x = 0.815)', () => {
    expect(markColourAt(0.815, 0.5, 'any')).toEqual(MARK_COLOURS.rightRing);
  });
  it('leaves the shared middle (inside both holes) the field colour', () => {
    expect(markColourAt(0.5, 0.5, 'any')).toEqual(MARK_COLOURS.field);
  });
  it('weaves: the left ring is on top at the upper crossing, the right ring at the lower one', () => {
    // The ring centre lines cross at x = 0.5, y = 0.5 ± sqrt(0.185² − 0.13²) ≈ 0.5 ± 0.1316.
    expect(markColourAt(0.5, 0.5 - 0.1316, 'any')).toEqual(MARK_COLOURS.leftRing);
    expect(markColourAt(0.5, 0.5 + 0.1316, 'any')).toEqual(MARK_COLOURS.rightRing);
  });
  it('keeps the maskable mark inside the 40 % safe-zone circle', () => {
    // The outermost ring point lies at 0.13 + 0.185 + 0.035 = 0.35 from the centre, ×0.85 = 0.2975.
    for (let k = 0; k < 360; k += 5) {
      const a = (k * Math.PI) / 180;
      expect(markColourAt(0.5 + 0.4 * Math.cos(a), 0.5 + 0.4 * Math.sin(a), 'maskable')).toEqual(MARK_COLOURS.field);
    }
  });
});

describe('drawMark', () => {
  it('makes a size×size RGBA image with a clear corner and an opaque field pixel', () => {
    const image = drawMark(64, 'any');
    expect(image.pixels.length).toBe(64 * 64 * 4);
    expect(pixel(image, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(image, 32, 32)).toEqual([0x0b, 0x5f, 0x5a, 255]);
  });
  it('makes a fully opaque apple-touch icon', () => {
    const image = drawMark(32, 'opaque');
    for (let i = 3; i < image.pixels.length; i += 4) expect(image.pixels[i]).toBe(255);
  });
});
