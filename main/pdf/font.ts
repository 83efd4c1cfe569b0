// Locates and caches the font used for invisible OCR text. DejaVu Sans covers every Vietnamese
// precomposed letter (ộ, ữ, Đ…) and basic Latin; it ships inside the app via node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let override: string | null = null;
let cache: { path: string; bytes: Uint8Array } | null = null;

/**
 * Overrides the font file (e.g. `process.resourcesPath/fonts/DejaVuSans.ttf` in a packaged app
 * where node_modules is not next to the bundle). `null` restores the default lookup.
 */
export function setFontPath(p: string | null): void {
  override = p;
  cache = null;
}

/**
 * Path of DejaVuSans.ttf. Order: setFontPath(), env MOTCUA_FONT_PATH, then the `dejavu-fonts-ttf`
 * package resolved at run time: `require.resolve` is left alone by esbuild, so it still works when
 * this file is bundled into dist/ (format cjs) as long as node_modules ships with the app.
 */
export function fontPath(): string {
  if (override) return override;
  const env = process.env.MOTCUA_FONT_PATH;
  if (env) return env;
  const pkg = localRequire().resolve('dejavu-fonts-ttf/package.json');
  return path.join(path.dirname(pkg), 'ttf', 'DejaVuSans.ttf');
}

/** Font bytes, read once per process (750 kB; re-reading per document would waste I/O). */
export function fontBytes(): Uint8Array {
  const p = fontPath();
  if (cache?.path !== p) cache = { path: p, bytes: new Uint8Array(readFileSync(p)) };
  return cache.bytes;
}

let boldCache: { path: string; bytes: Uint8Array } | null = null;

/** DejaVu Sans Bold, beside the regular face (titles on printed forms). */
export function boldFontBytes(): Uint8Array {
  const p = fontPath().replace(/DejaVuSans\.ttf$/, 'DejaVuSans-Bold.ttf');
  if (boldCache?.path !== p) boldCache = { path: p, bytes: new Uint8Array(readFileSync(p)) };
  return boldCache.bytes;
}

function localRequire(): NodeJS.Require {
  // In the esbuild cjs bundle `require` exists. Under Vitest (ESM) it does not; resolving from
  // the working directory is enough there (tests run from the repo root).
  if (typeof require === 'function') return require;
  return createRequire(path.join(process.cwd(), 'noop.js'));
}
