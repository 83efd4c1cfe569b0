// Loads pdf.js (ESM-only) from the CommonJS bundle and opens documents with everything that could
// reach the network or run document-supplied code switched off. pdf.js 6 has no eval path left;
// fonts are never fetched or installed (disableFontFace, no system fonts) and all its data files
// (cmaps, standard fonts, wasm decoders, ICC profiles) are read from the installed package.
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

export type Pdfjs = typeof PdfjsModule;
export type PdfjsDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;
export type PdfjsPage = Awaited<ReturnType<PdfjsDocument['getPage']>>;

let loading: Promise<Pdfjs> | null = null;

// Specifiers kept in variables so esbuild leaves real `import()` calls in the cjs bundle instead of
// turning them into `require()` of an ES module.
const PDFJS_SPEC = 'pdfjs-dist/legacy/build/pdf.mjs';
const WORKER_SPEC = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const pdfjs = (await import(/* @vite-ignore */ PDFJS_SPEC)) as Pdfjs;
    // Runs the parser on this thread ("fake worker"): no worker file to locate after bundling,
    // and the capture pipeline already runs off the UI thread.
    const g = globalThis as { pdfjsWorker?: unknown };
    g.pdfjsWorker ??= await import(/* @vite-ignore */ WORKER_SPEC);
    return pdfjs;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

function dataDir(): string {
  const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'noop.js'));
  return path.dirname(req.resolve('pdfjs-dist/package.json'));
}

let dirs: { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string; iccUrl: string } | null = null;
function dataUrls() {
  if (!dirs) {
    const root = dataDir();
    // pdf.js requires a trailing slash and, in Node, reads these with fs (no fetch).
    const d = (name: string) => path.join(root, name) + '/';
    dirs = { cMapUrl: d('cmaps'), standardFontDataUrl: d('standard_fonts'), wasmUrl: d('wasm'), iccUrl: d('iccs') };
  }
  return dirs;
}

export interface PdfjsHandle {
  doc: PdfjsDocument;
  /** Frees the parser's memory; always call it (in a finally). */
  close(): Promise<void>;
}

export interface OpenPdfOptions {
  password?: string;
  /**
   * Images above this many pixels are skipped instead of decoded (default 100 MP): a hostile or
   * broken PDF can declare a 99 999 × 99 999 image and exhaust memory while rendering.
   */
  maxImagePixels?: number;
}

/** Opens a PDF from memory. */
export async function openPdfjs(data: Buffer | Uint8Array, options: OpenPdfOptions = {}): Promise<PdfjsHandle> {
  const { password } = options;
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js may transfer/detach the array it is given: always hand it a private copy.
    data: new Uint8Array(data),
    ...(password === undefined ? {} : { password }),
    ...dataUrls(),
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    maxImageSize: options.maxImagePixels ?? 100_000_000,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    return { doc, close: () => task.destroy() };
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw err;
  }
}

/** Text of a page, lines separated by "\n", NFC (pdf.js keeps the PDF's own normalization). */
export async function pageText(page: PdfjsPage): Promise<string> {
  const content = await page.getTextContent();
  let out = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    out += item.str;
    if (item.hasEOL) out += '\n';
  }
  return out.normalize('NFC').replace(/[ \t]+\n/g, '\n').trim();
}
