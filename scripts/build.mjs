// Builds everything the hosts run: the renderer (Vite) into dist/renderer and the Node/Electron
// entry points (esbuild, CommonJS, dependencies left in node_modules) into dist/main, and the
// province receiver into dist/server.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv.slice(2);
const want = (part) => only.length === 0 || only.includes(part);

export const mainEntries = {
  'electron-main': 'main/hosts/electron/main.ts',
  // The core in its own process (Electron: utilityProcess.fork from electron-main.cjs).
  'core-process': 'main/core/core-process.ts',
  preload: 'main/hosts/electron/preload.ts',
  // The citizen window's preload (second display): receives the guide, nothing else.
  'citizen-preload': 'main/hosts/electron/citizen-preload.ts',
  serve: 'main/hosts/browser/serve.ts',
  cli: 'main/hosts/cli/cli.ts',
};

async function buildMain() {
  const entries = Object.fromEntries(Object.entries(mainEntries).filter(([, file]) => fs.existsSync(path.join(root, file))));
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    outdir: path.join(root, 'dist/main'),
    outExtension: { '.js': '.cjs' },
    sourcemap: 'linked',
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    logLevel: 'warning',
  };
  const { preload, 'citizen-preload': citizenPreload, ...nodeEntries } = entries;
  // Node-side bundles keep npm packages external: native modules, worker scripts and language
  // data must stay real files in node_modules (asar-unpacked in the installer).
  await esbuild({ ...common, entryPoints: nodeEntries, packages: 'external' });
  // The sandboxed preload can require nothing but `electron`: bundle everything else into it.
  const preloads = { ...(preload ? { preload } : {}), ...(citizenPreload ? { 'citizen-preload': citizenPreload } : {}) };
  if (Object.keys(preloads).length) await esbuild({ ...common, entryPoints: preloads, external: ['electron'] });
}

// The province receiver (server/, `npm run serve:upstream`): one bundle, npm packages external,
// its SQL migrations copied beside it (server/db/db.ts reads them from there).
async function buildServer() {
  await esbuild({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    entryPoints: { main: 'server/main.ts' },
    outdir: path.join(root, 'dist/server'),
    outExtension: { '.js': '.cjs' },
    sourcemap: 'linked',
    packages: 'external',
    logLevel: 'warning',
  });
  fs.cpSync(path.join(root, 'server/db/migrations'), path.join(root, 'dist/server/migrations'), { recursive: true });
}

async function buildRenderer() {
  await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
}

const started = Date.now();
if (want('main')) await buildMain();
if (want('renderer')) await buildRenderer();
if (want('server') && fs.existsSync(path.join(root, 'server/main.ts'))) await buildServer();
console.log(`build: xong sau ${((Date.now() - started) / 1000).toFixed(1)} s`);
