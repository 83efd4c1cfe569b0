// One compiled tesseract WebAssembly core for every OCR worker thread.
//
// tesseract.js starts each worker with its own copy of the 2.8 MB engine: V8 compiles it with its
// baseline compiler, then re-compiles the hot functions with its optimizing compiler while the first
// page is read. Measured here: a fresh worker's first page took 2.0–2.3 s of CPU against 1.25 s
// for the next ones (about 1 s of optimizing compilation on V8's background threads), on top of
// 0.4–0.5 s to start. With workers replaced every 25 pages that is 50–60 ms per page.
//
// A WebAssembly.Module handed to other threads shares its compiled (and optimized) code, so the
// pool compiles the core once and hands it to each worker through worker_threads' environment data;
// the worker script below is tesseract.js's own Node worker script with a core loader that
// instantiates that module instead of compiling the engine again.
import fs from 'node:fs';
import path from 'node:path';
import { setEnvironmentData } from 'node:worker_threads';
import { relaxedSimd, simd } from 'wasm-feature-detect';
import { packageRequire } from './package-require';

/**
 * Files that the worker thread loads must be real files: in the installed app the packages are
 * unpacked beside app.asar (electron-builder.yml asarUnpack), which a plain path can reach whatever
 * a worker thread knows about archives.
 */
export function unpacked(file: string): string {
  const real = file.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return real !== file && fs.existsSync(real) ? real : file;
}

const ENV_KEY = 'motcua:tesseract-core';

// Node's WebAssembly global, which the libraries main/ compiles against (ES, @types/node) do not
// declare; only compiling is needed here.
declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> };

/** The worker's script: tesseract.js's Node worker script with the shared core as its engine. */
function workerSource(tesseractPackage: string): string {
  return `
import { parentPort, getEnvironmentData } from 'node:worker_threads';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(tesseractPackage)});
const worker = require('./src/worker-script');
const gunzip = require('./src/worker-script/node/gunzip');
const cache = require('./src/worker-script/node/cache');
const core = getEnvironmentData(${JSON.stringify(ENV_KEY)});
const Core = require(core.glue);
parentPort.on('message', (packet) => worker.dispatchHandlers(packet, (obj) => parentPort.postMessage(obj)));
worker.setAdapter({
  getCore: async () => (options) => Core({
    ...options,
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(core.module, imports).then((instance) => done(instance, core.module));
      return {};
    },
  }),
  gunzip,
  fetch: globalThis.fetch,
  ...cache,
});
`;
}

let prepared: Promise<URL> | null = null;

/**
 * The script URL to start a tesseract.js worker with (its `workerPath`), after compiling the core
 * once for the whole process. The build is the one tesseract.js itself loads in Node: with the
 * legacy engine (the orientation worker needs it; the LSTM-only build warns about the Vietnamese
 * model's legacy parameters and reads no faster), relaxed SIMD, else SIMD, else plain.
 */
export function sharedCoreWorker(): Promise<URL> {
  if (!prepared) {
    const url = (async () => {
      const variant = (await relaxedSimd()) ? '-relaxedsimd' : (await simd()) ? '-simd' : '';
      const base = `tesseract-core${variant}`;
      const glue = unpacked(packageRequire().resolve(`tesseract.js-core/${base}.js`));
      const module = await WebAssembly.compile(await fs.promises.readFile(path.join(path.dirname(glue), `${base}.wasm`)));
      setEnvironmentData(ENV_KEY, { glue, module });
      const tesseractPackage = unpacked(packageRequire().resolve('tesseract.js/package.json'));
      return new URL(`data:text/javascript,${encodeURIComponent(workerSource(tesseractPackage))}`);
    })();
    // A failure (unreadable file) is not kept: the next worker start tries again.
    url.catch(() => {
      if (prepared === url) prepared = null;
    });
    prepared = url;
  }
  return prepared;
}
