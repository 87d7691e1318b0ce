/**
 * `npm run bridge:build`: the bridge as one JavaScript file for offices that should not need the whole
 * project, in `dist-bridge/`:
 *
 *   dist-bridge/tsunagi-bridge.mjs           everything but the PC/SC binding, bundled by esbuild
 *   dist-bridge/packaging/                   the start-at-login templates (`--install-autostart` reads them)
 *   dist-bridge/node_modules/smartcard/      the binding as built on this machine (native: build per OS)
 *
 * Run it with `node dist-bridge/tsunagi-bridge.mjs` (Node ≥ 20). The native binding cannot be bundled; it
 * is copied as built here, so build on the same OS and CPU as the office PC (or run `npm rebuild smartcard`
 * inside dist-bridge there). The folder ignores itself in git.
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = join(root, 'dist-bridge');

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await writeFile(join(out, '.gitignore'), '*\n');

await build({
  entryPoints: [join(root, 'bridge/main.ts')],
  outfile: join(out, 'tsunagi-bridge.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // The binding loads a native .node file; ws's optional speed-ups are native too and ws works without them.
  external: ['smartcard', 'bufferutil', 'utf-8-validate'],
  // Bundled CommonJS modules (pino, ws) call require(); give them one in the ES module output.
  banner: { js: "import { createRequire as __tsunagiCreateRequire } from 'node:module'; const require = __tsunagiCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});

await cp(join(root, 'bridge/packaging'), join(out, 'packaging'), { recursive: true });

const binding = join(root, 'node_modules/smartcard');
if (existsSync(join(binding, 'build/Release/smartcard_napi.node'))) {
  const target = join(out, 'node_modules/smartcard');
  for (const part of ['package.json', 'LICENSE', 'dist', 'build/Release/smartcard_napi.node']) {
    await cp(join(binding, part), join(target, part), { recursive: true });
  }
  console.log(`dist-bridge: bundle, packaging templates and the ${process.platform}-${process.arch} PC/SC binding`);
} else {
  console.warn('dist-bridge: the smartcard binding is not built here; copy node_modules/smartcard next to the bundle on the office PC (npm install smartcard)');
}
