/** Builds the PWA into ./dist when it is missing, so `npx playwright test` works on a fresh checkout. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function globalSetup(): void {
  if (existsSync('dist/index.html') && existsSync('dist/sw.js')) return;
  console.log('e2e: ./dist is missing, building the PWA (npm run build)');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
