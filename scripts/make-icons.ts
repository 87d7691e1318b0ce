/**
 * Writes the app icons under public/icons/ (run: `npx tsx scripts/make-icons.ts`). The PNGs are committed;
 * this script is how they were made and how to remake them after a change to the mark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawMark, type IconShape } from './icons/draw-mark.ts';
import { encodePng } from './icons/png-encode.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

const icons: { file: string; size: number; shape: IconShape }[] = [
  { file: 'icon-192.png', size: 192, shape: 'any' },
  { file: 'icon-512.png', size: 512, shape: 'any' },
  { file: 'icon-maskable-512.png', size: 512, shape: 'maskable' },
  { file: 'apple-touch-icon-180.png', size: 180, shape: 'opaque' },
  { file: 'favicon-32.png', size: 32, shape: 'any' },
];

mkdirSync(outDir, { recursive: true });
for (const { file, size, shape } of icons) {
  const png = encodePng(drawMark(size, shape));
  writeFileSync(join(outDir, file), png);
  console.log(`${file}: ${size}×${size} ${shape}, ${png.length} bytes`);
}
