// The one page pipeline: decode → clean-up → recognize → searchable-PDF page. The app
// (services/digitize.ts), the CLI (`motcua ocr`, `motcua pdf`) and the benchmark (bench/pipeline.ts)
// all run their pages through these steps, so `npm run bench:ocr` measures what desks run.
//
// Memory discipline (a page passes through some 30 MB of pixel buffers, see imaging/release.ts):
//  - clean-up runs one page at a time per engine (it holds several full-size copies of the page);
//  - at most `pagesInFlight(engine)` pages per engine are between the start of their clean-up and
//    the end of their recognition, so cleaned pages never pile up in front of the OCR workers;
//  - clean-up's OCR copy (and its layout) exists for one reading only and is released right after.
import { decodeFile, isPageError, type DecodeItem } from '../capture/decode';
import { cleanupPageWithReport, type CleanupReport } from '../imaging/cleanup';
import type { ImagePlacement } from '../imaging/placement';
import { release } from '../imaging/release';
import { Semaphore } from '../ocr/semaphore';
import type { CleanPage, DecodedPage, OcrHints, OcrLine } from '../ocr/types';
import type { PdfCopiedPage, PdfImagePage } from '../pdf/searchable-pdf';
import type { OcrEngine } from '../services/ocr-engine';
import { nfc } from '../../shared/text/fold';

/** An OCR engine as the pipeline sees it: the pool tells its number of workers. */
export type PipelineEngine = OcrEngine & { readonly size?: number };

/** A page image to read and what is already known about it. */
export interface OcrInput {
  image: Buffer;
  hints: OcrHints;
  /** The image is clean-up's OCR copy, made for this reading alone (released once read). */
  ownCopy: boolean;
}

/** What `recognize` needs: the image to read and the page size its lines are scaled to. */
export interface ReadablePage {
  width: number;
  height: number;
  /** Null for a page with nothing to read (blank). */
  ocr: OcrInput | null;
}

/** A raster page after clean-up, ready to store and to read. */
export interface PreparedImagePage extends ReadablePage {
  kind: 'image';
  /** 0-based index of the page in its source file. */
  index: number;
  clean: CleanPage;
  report: CleanupReport;
}

/**
 * A page of a PDF that already has text: kept as it is (copied into the result), never OCRed. The
 * decoded page (its `image` is the rendering, for thumbnails) with its text layer flattened in.
 */
export interface PreparedCopiedPage extends Omit<DecodedPage, 'textLayer'> {
  kind: 'copied';
  pdf: Buffer;
  pageIndex: number;
  /** The PDF's own text, NFC. */
  text: string;
}

export type PreparedPage = PreparedImagePage | PreparedCopiedPage;

/** Text of a page, its lines in the page's pixels (origin top-left). */
export interface PageText {
  text: string;
  lines: OcrLine[];
  /** Mean word confidence 0–100; null when the text was not recognized (blank page, PDF text). */
  confidence: number | null;
}

export interface PrepareOptions {
  /** Ask the engine's workers about pages whose orientation clean-up is unsure of. Default true. */
  orientation?: boolean;
  /** Called with the source image while it is being cleaned, then with null (memory samplers). */
  cleaning?: (image: Buffer | null) => void;
}

// --- per-engine limits ----------------------------------------------------------------------------

interface EngineLimits {
  cleanup: Semaphore;
  pages: Semaphore;
}
const limitsByEngine = new WeakMap<OcrEngine, EngineLimits>();

/**
 * Pages one engine takes in at once: one per OCR worker plus the one being cleaned, so every worker
 * stays busy while the next page is cleaned (the benchmark's measured setting) and no more cleaned
 * pages than that wait for a worker.
 */
export function pagesInFlight(engine: PipelineEngine): number {
  return Math.max(1, engine.size ?? 1) + 1;
}

function limits(engine: PipelineEngine): EngineLimits {
  let l = limitsByEngine.get(engine);
  if (!l) {
    l = { cleanup: new Semaphore(1), pages: new Semaphore(pagesInFlight(engine)) };
    limitsByEngine.set(engine, l);
  }
  return l;
}

/**
 * Waits for a free page slot on the engine; the returned function frees it (call it once the
 * page's recognition is over, or it will not be read). Idempotent.
 */
export async function admitPage(engine: PipelineEngine): Promise<() => void> {
  const { pages } = limits(engine);
  await pages.acquire();
  let held = true;
  return () => {
    if (held) pages.release();
    held = false;
  };
}

// --- steps ----------------------------------------------------------------------------------------

/**
 * Cleans a decoded page (orientation second opinion from the engine's workers, one clean-up at a
 * time per engine). A blank page gets no OCR input (its OCR copy is freed at once); a PDF page with
 * a text layer is passed on as it is.
 */
export async function preparePage(decoded: DecodedPage, engine: PipelineEngine, opts: PrepareOptions = {}): Promise<PreparedPage> {
  if (decoded.textLayer) {
    const t = decoded.textLayer;
    return { kind: 'copied', index: decoded.index, image: decoded.image, width: decoded.width, height: decoded.height, dpi: decoded.dpi, color: decoded.color, pdf: t.pdf, pageIndex: t.pageIndex, text: nfc(t.text) };
  }
  const ask = opts.orientation !== false && engine.detectOrientation ? engine.detectOrientation.bind(engine) : undefined;
  const { page: clean, report } = await limits(engine).cleanup.run(async () => {
    opts.cleaning?.(decoded.image);
    try {
      return await cleanupPageWithReport(decoded.image, { dpi: decoded.dpi, orientation: ask });
    } finally {
      opts.cleaning?.(null);
    }
  });
  let ocr: OcrInput | null = null;
  if (!clean.blank) ocr = { image: clean.ocrImage ?? clean.image, hints: clean.ocrHints ?? { dpi: clean.dpi }, ownCopy: clean.ocrImage !== undefined };
  else release(clean.ocrImage, clean.ocrHints?.layout?.ink);
  // The copy is handed on in `ocr` alone: the clean page keeps the archived image only.
  const { ocrImage: _i, ocrHints: _h, ...kept } = clean;
  return { kind: 'image', index: decoded.index, width: clean.width, height: clean.height, clean: kept, ocr, report };
}

/**
 * Reads a page: its text (NFC) and lines scaled to the page's pixels. Clean-up's OCR copy and its
 * layout are released afterwards (also when the reading fails): they exist for this reading only.
 */
export async function recognize(engine: PipelineEngine, page: ReadablePage): Promise<PageText> {
  const input = page.ocr;
  if (!input) return { text: '', lines: [], confidence: null };
  const result = await engine.recognize(input.image, input.hints).finally(() => {
    if (input.ownCopy) release(input.image, input.hints.layout?.ink);
  });
  const lines = scaleLines(result.lines, page.width / (result.width || page.width), page.height / (result.height || page.height));
  return { text: nfc(result.text), lines, confidence: result.confidence };
}

/** What a PDF page is made of: a cleaned page image (upright or placed), or a copied PDF page. */
export type PdfPageSource =
  | { image: Buffer; mime: 'image/jpeg' | 'image/png'; width: number; height: number; dpi: number; placement: ImagePlacement | null }
  | { pdf: Buffer; pageIndex: number };

/** buildSearchablePdf's input for one page: the image with its text layer, or the copied page. */
export function toPdfPage(page: PreparedPage | PdfPageSource, lines: OcrLine[] = []): PdfImagePage | PdfCopiedPage {
  if ('kind' in page) return page.kind === 'copied' ? { pdf: page.pdf, pageIndex: page.pageIndex } : toPdfPage(page.clean, lines);
  if ('pdf' in page) return { pdf: page.pdf, pageIndex: page.pageIndex };
  return { image: page.image, mime: page.mime, width: page.width, height: page.height, dpi: page.dpi, placement: page.placement, lines };
}

export function scaleLines(lines: OcrLine[], sx: number, sy: number): OcrLine[] {
  if (Math.abs(sx - 1) < 1e-6 && Math.abs(sy - 1) < 1e-6) return lines;
  const box = (b: OcrLine['bbox']) => ({ x0: b.x0 * sx, y0: b.y0 * sy, x1: b.x1 * sx, y1: b.y1 * sy });
  return lines.map((l) => ({ bbox: box(l.bbox), words: l.words.map((w) => ({ ...w, bbox: box(w.bbox) })) }));
}

// --- a whole file ---------------------------------------------------------------------------------

/** A page through the whole pipeline. */
export interface ProcessedPage {
  /** 0-based index of the page in its file. */
  index: number;
  prepared: PreparedPage;
  text: PageText;
  /** buildSearchablePdf's input for the page. */
  pdf: PdfImagePage | PdfCopiedPage;
  /** Wall time of its steps (ms). */
  ms: { cleanup: number; ocr: number };
}

export interface PageSink {
  /** Each page of the file, in page order. */
  page(page: ProcessedPage): void | Promise<void>;
  /** A page that could not be taken (decode, clean-up or OCR error); the file goes on. */
  error(index: number, err: unknown): void;
}

export type ProcessOptions = PrepareOptions;

/**
 * Runs every page of one file through the pipeline, streaming: a page is decoded only when the
 * engine has a free page slot, and handed to the sink (in page order) once read. Throws when the
 * file as a whole cannot be read (empty, unsupported); page errors go to the sink. Returns the
 * number of pages handed to the sink.
 */
export async function processFile(file: { name: string; data: Buffer }, engine: PipelineEngine, sink: PageSink, opts: ProcessOptions = {}): Promise<number> {
  const pending: Promise<void>[] = [];
  let delivered: Promise<void> = Promise.resolve();
  let pages = 0;
  const source = decodeFile(file);
  try {
    for (;;) {
      // The slot is taken before the next page is decoded: a waiting page holds no pixels.
      const free = await admitPage(engine);
      let next: IteratorResult<DecodeItem, void>;
      try {
        next = await source.next();
      } catch (err) {
        free();
        throw err;
      }
      if (next.done) {
        free();
        break;
      }
      const item = next.value;
      if (isPageError(item)) {
        free();
        sink.error(item.index, item.error);
        continue;
      }
      const done = (async (): Promise<ProcessedPage | null> => {
        try {
          let t = performance.now();
          const prepared = await preparePage(item, engine, opts);
          const cleanup = performance.now() - t;
          t = performance.now();
          const text = prepared.kind === 'copied' ? { text: prepared.text, lines: [], confidence: null } : await recognize(engine, prepared);
          return { index: item.index, prepared, text, pdf: toPdfPage(prepared, text.lines), ms: { cleanup, ocr: performance.now() - t } };
        } catch (err) {
          sink.error(item.index, err);
          return null;
        } finally {
          free();
        }
      })();
      // In page order: a page is handed over after the one before it.
      delivered = Promise.all([delivered, done]).then(async ([, page]) => {
        if (page) {
          pages++;
          await sink.page(page);
        }
      });
      pending.push(delivered);
    }
  } finally {
    await Promise.allSettled(pending);
  }
  await delivered;
  return pages;
}
