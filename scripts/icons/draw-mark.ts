/**
 * Draws Tsunagi's mark — two linked rings (つなぐ, "to link") on a teal field — into an RGBA buffer.
 * The rings interlock: the left ring passes over the right one at the top crossing and under it at the
 * bottom, with a thin gap of the field colour so the weave reads at small sizes. Each pixel is sampled
 * 4×4 times for anti-aliasing.
 *
 * Shapes: `any` is a rounded square with transparent corners; `maskable` and `opaque` fill the whole
 * canvas (the platform crops maskable icons to its own shape, keeping the centre circle of radius 40 %:
 * the W3C "safe zone"; Apple touch icons must be opaque).
 */
import type { RgbaImage } from './png-encode.ts';

export type IconShape = 'any' | 'maskable' | 'opaque';

type Rgba = readonly [number, number, number, number];

export const MARK_COLOURS = {
  field: [0x0b, 0x5f, 0x5a, 0xff] as Rgba,
  leftRing: [0xff, 0xff, 0xff, 0xff] as Rgba,
  rightRing: [0xf6, 0xc4, 0x53, 0xff] as Rgba,
  clear: [0, 0, 0, 0] as Rgba,
};

const RING_OFFSET = 0.13;
const RING_RADIUS = 0.185;
const RING_HALF_WIDTH = 0.035;
const WEAVE_GAP = 0.018;
const CORNER_RADIUS = 0.22;
const SUBSAMPLES = 4;

/** Colour of one point in unit coordinates (0..1 both ways, y down). */
export function markColourAt(x: number, y: number, shape: IconShape): Rgba {
  if (shape === 'any' && !insideRoundedSquare(x, y)) return MARK_COLOURS.clear;
  // Maskable icons keep the mark inside the safe zone: shrink it about the centre.
  const scale = shape === 'maskable' ? 0.85 : 1;
  const ux = 0.5 + (x - 0.5) / scale;
  const uy = 0.5 + (y - 0.5) / scale;
  const ringDistanceLeft = Math.abs(Math.hypot(ux - (0.5 - RING_OFFSET), uy - 0.5) - RING_RADIUS);
  const ringDistanceRight = Math.abs(Math.hypot(ux - (0.5 + RING_OFFSET), uy - 0.5) - RING_RADIUS);
  const inLeft = ringDistanceLeft <= RING_HALF_WIDTH;
  const inRight = ringDistanceRight <= RING_HALF_WIDTH;
  const nearLeft = ringDistanceLeft <= RING_HALF_WIDTH + WEAVE_GAP;
  const nearRight = ringDistanceRight <= RING_HALF_WIDTH + WEAVE_GAP;
  const leftOnTop = uy < 0.5;
  if (leftOnTop) {
    if (inLeft) return MARK_COLOURS.leftRing;
    if (inRight && !nearLeft) return MARK_COLOURS.rightRing;
  } else {
    if (inRight) return MARK_COLOURS.rightRing;
    if (inLeft && !nearRight) return MARK_COLOURS.leftRing;
  }
  return MARK_COLOURS.field;
}

function insideRoundedSquare(x: number, y: number): boolean {
  const r = CORNER_RADIUS;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return Math.hypot(x - cx, y - cy) <= r && x >= 0 && x <= 1 && y >= 0 && y <= 1;
}

/** Renders the mark at `size`×`size` pixels. */
export function drawMark(size: number, shape: IconShape): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const samples = SUBSAMPLES * SUBSAMPLES;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const [cr, cg, cb, ca] = markColourAt((px + (sx + 0.5) / SUBSAMPLES) / size, (py + (sy + 0.5) / SUBSAMPLES) / size, shape);
          // Premultiply so transparent samples do not darken the edge.
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      pixels[i] = a ? Math.round(r / a) : 0;
      pixels[i + 1] = a ? Math.round(g / a) : 0;
      pixels[i + 2] = a ? Math.round(b / a) : 0;
      pixels[i + 3] = Math.round(a / samples);
    }
  }
  return { width: size, height: size, pixels };
}
