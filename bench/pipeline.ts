// Our pipeline as the app runs it, page by page, through the app's own page pipeline
// (main/pipeline/page-pipeline.ts): decode → clean-up (orientation second opinion from the pool's
// workers) → OCR on the pool → one-page searchable PDF. Pages flow through `lanes` concurrent lanes;
// the page pipeline itself bounds the pages in flight on the pool and cleans one page at a time.
import type { OcrPool } from '../main/ocr/pool';
import { processFile } from '../main/pipeline/page-pipeline';
import { buildSearchablePdf } from '../main/pdf/searchable-pdf';
import { threadCpu, threadCpuSince, type ThreadGroup } from './thread-cpu';

export interface PipelinePage {
  image: Buffer;
}

/** What the pipeline is doing right now, for the memory sampler: the page being cleaned, if any. */
export const activity: { cleaning: Buffer | null } = { cleaning: null };

export interface PipelineResult {
  text: string;
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
  /** Ask the pool's workers (then tesseract OSD) when the built-in orientation test is unsure. */
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
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const src = pages[i % pages.length]!;
      // Each page is a file as an officer would import it (decoded as the app decodes it).
      const file = { name: `page-${i}.${src.image[0] === 0x89 ? 'png' : 'jpg'}`, data: src.image };
      let failure: unknown = null;
      await processFile(
        file,
        pool,
        {
          page: async (p) => {
            for (const [k, v] of Object.entries(p.prepared.kind === 'image' ? p.prepared.report.timings : {})) cleanupMs[k] = (cleanupMs[k] ?? 0) + v;
            stageMs.cleanup += p.ms.cleanup;
            stageMs.ocr += p.ms.ocr;
            const t = performance.now();
            let pdfBytes = 0;
            if (opts.pdf) {
              const pdf = await buildSearchablePdf([p.pdf], { title: 'bench', dossierCode: 'BENCH', component: 'page', officer: 'bench', createdAt: new Date(0) });
              pdfBytes = pdf.length;
            }
            stageMs.pdf += performance.now() - t;
            const clean = p.prepared.kind === 'image' ? p.prepared.clean : null;
            if (i < pages.length) results[i] = { text: p.text.text, rotation: clean?.rotation ?? 0, skew: clean?.skewDegrees ?? 0, cropped: clean?.cropped ?? false, pdfBytes };
          },
          error: (_index, err) => (failure = err),
        },
        {
          orientation: opts.osd,
          cleaning: (image) => (activity.cleaning = image ? src.image : null),
        },
      );
      if (failure) throw failure;
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
