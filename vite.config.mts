// Renderer build: one static bundle that works both under the Electron scheme (app://motcua/)
// and from the browser host (http://127.0.0.1:PORT/). Every asset path is relative (base './'),
// nothing is fetched from a CDN and the fallback font ships inside the bundle.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
// `vite` dev server only: proxy the API to a running browser host (MOTCUA_DEV_HOST=http://127.0.0.1:PORT).
const devHost = process.env.MOTCUA_DEV_HOST;

// Production bundle only (the dev server needs an inline React-refresh preamble). 'self' is
// app://motcua under Electron and http://127.0.0.1:PORT from the browser host; inline styles are
// Ant Design's CSS-in-JS.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob: mediastream:",
  "frame-src 'self' blob:",
  "object-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'motcua-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  root: `${here}renderer`,
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: `${here}dist/renderer`,
    emptyOutDir: true,
    target: 'chrome120',
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    host: '127.0.0.1',
    proxy: devHost
      ? {
          '/api': devHost,
          '/files': devHost,
          '/events': { target: devHost.replace(/^http/, 'ws'), ws: true },
        }
      : undefined,
  },
});
