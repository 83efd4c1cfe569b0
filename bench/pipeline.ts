// Our pipeline as the app runs it, page by page: clean-up (orientation second opinion from the
// pool's OSD worker) → OCR on the pool → one-page searchable PDF. Pages flow through `lanes`
// concurrent lanes so the next page is cleaned while the workers read the previous ones.
import { cleanupPageWithReport } from '../main/imaging/cleanup';
import type { OcrPool } from '../main/ocr/pool';
import { Semaphore } from '../main/ocr/semaphore';
import { release } from '../main/imaging/release';
import type { OcrResult } from '../main/ocr/types';
import { buildSearchablePdf } from '../main/pdf/searchable-pdf';
import { threadCpu, threadCpuSince, type ThreadGroup } from './thread-cpu';

export interface PipelinePage {
  image: Buffer;
}

/** What the pipeline is doing right now, for the memory sampler: the page being cleaned, if any. */
export const activity: { cleaning: Buffer | null } = { cleaning: null };

export interface PipelineResult {
  text: string;
  ocr: OcrResult;
  rotation: number;
  skew: number;
  cropped: boolean;
  pdfBytes: number;
}

export interface PipelineRun {
  results: PipelineResult[];
  wallMs: number;
  cpuSeconds: number;
  stageMs: { cleanup: number; ocr: number; pdf: number };
  cleanupMs: Record<string, number>;
  /**
   * CPU seconds by kind of thread (Linux), of threads alive at the end: a worker recycled during the
   * run takes its CPU with it, so `ocr` is the process total less the other groups.
   */
  threads: Record<ThreadGroup, number> | null;
}

export interface PipelineOptions {
  lanes: number;
  pdf: boolean;
  /** Ask tesseract OSD when the built-in orientation test is unsure (an extra worker). */
  osd: boolean;
  onPage?: (done: number) => void;
}

export async function runPipeline(pages: readonly PipelinePage[], count: number, pool: OcrPool, opts: PipelineOptions): Promise<PipelineRun> {
  const results: PipelineResult[] = [];
  const stageMs = { cleanup: 0, ocr: 0, pdf: 0 };
  const cleanupMs: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const threads0 = threadCpu();
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  // One clean-up at a time: it runs on this thread (and libvips' pool) and holds several full-size
  // copies of the page; overlapping it with the OCR workers is what matters.
  const cleanupLock = new Semaphore(1);
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const src = pages[i % pages.length]!;
      let t = performance.now();
      const { page, report } = await cleanupLock.run(async () => {
        activity.cleaning = src.image;
        try {
          return await cleanupPageWithReport(src.image, opts.osd ? { orientation: (q) => pool.detectOrientation(q) } : {});
        } finally {
          activity.cleaning = null;
        }
      });
      for (const [k, v] of Object.entries(report.timings)) cleanupMs[k] = (cleanupMs[k] ?? 0) + v;
      stageMs.cleanup += performance.now() - t;
      t = performance.now();
      await pool.whenReady();
      const ocr = await pool.recognize(page.ocrImage ?? page.image, page.ocrHints);
      // As the app does (digitize.ts): the OCR copy and its layout are freed once read.
      release(page.ocrImage, page.ocrHints?.layout?.ink);
      stageMs.ocr += performance.now() - t;
      t = performance.now();
      let pdfBytes = 0;
      if (opts.pdf) {
        const pdf = await buildSearchablePdf([{ image: page.image, mime: page.mime, width: page.width, height: page.height, dpi: page.dpi, placement: page.placement, lines: ocr.lines }], {
          title: 'bench',
          dossierCode: 'BENCH',
          component: 'page',
          officer: 'bench',
          createdAt: new Date(0),
        });
        pdfBytes = pdf.length;
      }
      stageMs.pdf += performance.now() - t;
      if (i < pages.length) results[i] = { text: ocr.text, ocr, rotation: page.rotation, skew: page.skewDegrees, cropped: page.cropped, pdfBytes };
      opts.onPage?.(++done);
    }
  };
  await Promise.all(Array.from({ length: opts.lanes }, lane));
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const threads = threadCpuSince(threads0);
  if (threads) threads.ocr = Math.max(0, cpuSeconds - threads.main - threads.image - threads.v8 - threads.other);
  return { results, wallMs: performance.now() - t0, cpuSeconds, stageMs, cleanupMs, threads };
}
