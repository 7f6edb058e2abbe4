#!/usr/bin/env node
// Builds what `npm start` runs, only when its sources changed:
//  - dist/: the server bundled by esbuild (code splitting, packages external). Running plain JS
//    instead of tsx's on-the-fly transform halves start-up time.
//  - web/dist/: the web app (vite build).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const only = process.argv.find((a) => a === '--server' || a === '--web');

function newestMtime(dirs, files = []) {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (p.endsWith('node_modules') || p.endsWith(path.sep + 'dist')) return;
      for (const f of fs.readdirSync(p)) walk(path.join(p, f));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const d of [...dirs, ...files]) walk(path.join(root, d));
  return newest;
}

function stampOf(file) {
  try {
    return fs.statSync(path.join(root, file)).mtimeMs;
  } catch {
    return 0;
  }
}

const EXTERNAL = [
  'sharp', '@electric-sql/pglite', '@electric-sql/pglite/*', 'pg', 'pg-native', 'pino', 'pino-pretty', 'thread-stream',
  '@fastify/swagger-ui', '@fastify/static', 'esbuild', 'file-type', 'mqtt', 'aedes',
];

async function buildServer() {
  const src = newestMtime(['src'], ['package-lock.json']);
  if (stampOf('dist/main.mjs') >= src) return;
  const esbuild = await import('esbuild');
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(root, 'src/main.ts')],
    outdir: path.join(root, 'dist'),
    outExtension: { '.js': '.mjs' },
    bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
    // Pure-JS dependencies are bundled in (one file loads much faster than hundreds); packages with
    // native code, WASM or files of their own stay external.
    external: EXTERNAL, sourcemap: true, logLevel: 'warning',
    banner: { js: "// built by scripts/build.mjs from src/ — do not edit\nimport { createRequire as __vbCreateRequire } from 'node:module'; const require = __vbCreateRequire(import.meta.url);" },
  });
  if (!quiet) console.log('built dist/ (server)');
}

function buildWeb() {
  const src = newestMtime(['web'], ['package-lock.json']);
  if (stampOf('web/dist/index.html') >= src) return;
  if (!quiet) console.log('building the web app (when web/ changed; a few seconds)…');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  precompress(path.join(root, 'web/dist/assets'));
}

/**
 * Brotli and gzip copies beside each asset, made once here instead of per request: the server sends
 * the one the browser accepts (@fastify/static `preCompressed`). antd's stylesheet alone is ≈ 1 MB of
 * CSS (≈ 80 KB as brotli), the JS a phone loads first ≈ 1 MB before compression.
 */
function precompress(dir) {
  for (const f of fs.readdirSync(dir)) {
    if (!/\.(js|css|svg|json|html)$/.test(f)) continue;
    const file = path.join(dir, f);
    const body = fs.readFileSync(file);
    if (body.length < 1024) continue;
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
  }
}

/** Build what is stale. Imported by scripts/start.mjs (same process: no second node start-up). */
export async function ensureBuilt(which = only) {
  if (which !== '--web') await buildServer();
  if (which !== '--server' && fs.existsSync(path.join(root, 'web/vite.config.ts'))) buildWeb();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await ensureBuilt();
