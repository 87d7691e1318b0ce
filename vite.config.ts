/**
 * Build of the PWA: SolidJS app → ./dist, plus the Workbox service worker built from sw/sw.ts with the
 * precache manifest injected (dist/sw.js). The web app manifest's source of truth is the top-level
 * manifest.webmanifest, linked from index.html: Vite serves it in dev and copies it into the build (with a
 * content hash, so an updated manifest is never served stale); this config checks it first.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

/** Fails the build when the manifest lacks what Chromium's installability check needs. */
function checkWebAppManifest(): Plugin {
  return {
    name: 'tsunagi-check-web-app-manifest',
    buildStart() {
      const path = fileURLToPath(new URL('./manifest.webmanifest', import.meta.url));
      this.addWatchFile(path);
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { start_url?: string; scope?: string; icons?: { sizes?: string; src?: string }[] };
      const sizes = (manifest.icons ?? []).flatMap((icon) => (icon.sizes ?? '').split(' ')).map((s) => Number(s.split('x')[0]));
      if (!sizes.some((s) => s >= 144)) this.error('manifest.webmanifest: needs an icon of at least 144×144');
      if (!manifest.start_url || !manifest.scope || !manifest.start_url.startsWith(manifest.scope)) {
        this.error('manifest.webmanifest: start_url must lie inside scope');
      }
      for (const icon of manifest.icons ?? []) {
        const file = fileURLToPath(new URL(`./public${icon.src ?? ''}`, import.meta.url));
        try {
          readFileSync(file);
        } catch {
          this.error(`manifest.webmanifest: icon ${icon.src} is not in public/ (run: npx tsx scripts/make-icons.ts)`);
        }
      }
    },
  };
}

const packageVersion = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

export default defineConfig({
  // Shown in 設定 (settings) so support can tell which build a tablet runs.
  define: { __APP_VERSION__: JSON.stringify(packageVersion) },
  plugins: [
    solid(),
    checkWebAppManifest(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        // A classic (non-module) worker: module service workers are not supported by every browser we serve.
        rollupFormat: 'iife',
        globPatterns: ['**/*.{js,css,html,png,webmanifest}'],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: 'dist',
    target: 'es2022',
    // One small CSS file is cheaper than the inline <style> Vite would otherwise never emit; keep assets as files
    // so the strict Content-Security-Policy needs no data: or inline sources.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
