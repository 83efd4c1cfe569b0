// A pool of tesseract.js workers (each one a worker thread running the WebAssembly engine).
//  - Pages queue FIFO; at most `size * 2` pages are decoded and held at once (back-pressure), and
//    callers that produce pages faster than OCR can `await pool.whenReady()`.
//  - Each worker is replaced after `recycleAfter` pages: the WebAssembly heap only grows, and
//    tesseract.js's maintainers advise recreating long-lived workers rather than reusing them forever.
//  - A failed page rejects only its own promise; the worker that failed (error, timeout, crash) is
//    replaced, because its engine state can no longer be trusted.
//  - Orientation of pages clean-up is unsure of is read on the same workers (a strip at each
//    candidate turn, ahead of queued pages); a third engine (tesseract OSD, legacy, about 72 MB)
//    starts only if that reading cannot tell.
import os from 'node:os';
import sharp from 'sharp';
import Tesseract from 'tesseract.js';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { AppError } from '../../shared/contract/errors';
import { prepareLanguageData } from './language-data';
import { parseTsv, recognizePrepared, type Psm, type TessPage } from './page-recognizer';
import { prepareForOcr, toPgm } from './prepare';
import { Semaphore } from './semaphore';
import { sharedCoreWorker } from './shared-core';
import type { OcrHints, OcrResult } from './types';
import { MAX_INPUT_PIXELS } from '../imaging/limits';
import type { OrientationQuestion } from '../imaging/cleanup';
import type { OrientationStrip } from '../imaging/orientation';
import { release } from '../imaging/release';

export interface OcrPoolOptions {
  /** Number of OCR workers; default os.availableParallelism(). */
  size?: number;
  /**
   * Tesseract language string. Default 'vie': Vietnamese administrative text; the Vietnamese model
   * also reads the Latin letters, digits and punctuation of English words, and adding 'eng' made
   * each page slower without lowering the error rate on our evaluation set (see bench/ocr.ts).
   */
  langs?: string;
  /** Folder for the language models, e.g. `<dataDir>/cache/tessdata`. */
  cacheDir: string;
  /**
   * Folder with `<lang>.traineddata[.gz]` to use instead of the bundled best_int models, e.g. the
   * smaller tessdata_fast models (about 1.5× faster to read, see bench/ocr.ts --model-dir).
   */
  modelDir?: string;
  /** Pages a worker reads before it is replaced by a fresh one. Default DEFAULT_RECYCLE_AFTER. */
  recycleAfter?: number;
  /** Longest one tesseract pass may take before its worker is killed. Default 120 s. */
  passTimeoutMs?: number;
  /** Quiet time after which the OSD orientation worker is stopped. Default 20 s. */
  orientationIdleMs?: number;
  /** Extra tesseract parameters (debugging, benchmarks). */
  tessParams?: Record<string, string>;
}

export interface RecognizeOptions extends OcrHints {
  /**
   * Page segmentation. 'auto' (default): straighten residual skew, read the page in psm 3, ruled
   * tables separately in psm 6, and re-read in psm 6 when words cover too little of the ink.
   * A number reads the page as it comes, in that one mode (tests, benchmarks).
   */
  psm?: 'auto' | Psm;
  /** Force the OCR scale instead of choosing it from the text size (benchmarks). */
  scale?: number;
}

export interface OcrPoolStats {
  workers: number;
  busy: number;
  /** Pages accepted but not yet on a worker. */
  queued: number;
  jobsDone: number;
  jobsFailed: number;
  /** Workers replaced after `recycleAfter` pages. */
  recycled: number;
  /** Workers replaced after an error, a timeout or a crash. */
  replaced: number;
  /** Unsure pages whose orientation was settled by reading a strip at each candidate turn. */
  orientationReads: number;
  /** Pages whose orientation was asked of tesseract OSD (the reading could not tell). */
  orientationChecks: number;
  /** The orientation worker is running (it adds about 72 MB while it does). */
  orientationWorker: boolean;
  /**
   * Tesseract passes by kind: each page is read once ('page'), each ruled table once more ('table'),
   * and a page whose words left much lettering uncovered is read again as one block ('fallback',
   * of which 'fallbackChosen' replaced the first reading). Every pass costs about a page's reading.
   */
  passes: { page: number; table: number; fallback: number; fallbackChosen: number };
}

export interface Orientation {
  /** Clockwise rotation that makes the text upright. */
  degrees: 0 | 90 | 180 | 270;
  confidence: number;
}

/** tesseract OSD orientation confidence from which its answer is trusted. */
const OSD_MIN_CONFIDENCE = 1.5;
/** A strip reading must reach this mean confidence, and lead the next turn by this many points. */
const READ_MIN_CONFIDENCE = 50;
const READ_MIN_LEAD = 20;

/**
 * Mean word confidence weighted by letters, over words of two letters or more: single marks and
 * specks read from a turned page come with any confidence and say nothing about the turn.
 */
export function readingConfidence(page: TessPage): number {
  let sum = 0;
  let letters = 0;
  for (const b of page.blocks ?? [])
    for (const p of b.paragraphs)
      for (const l of p.lines)
        for (const w of l.words) {
          const n = [...w.text].length;
          if (n < 2) continue;
          sum += w.confidence * n;
          letters += n;
        }
  return letters ? sum / letters : 0;
}

interface Slot {
  id: number;
  worker: Tesseract.Worker | null;
  thread: NodeWorker | null;
  jobs: number;
  busy: boolean;
  poisoned: boolean;
  /** Rejects when the worker thread dies; raced against every call. */
  death: Promise<never>;
}

/**
 * A worker's memory grows by about 0.3 MB per page (tesseract.js keeps some of every result in the
 * WebAssembly heap, which never shrinks); replaced every 25 pages it stays flat. With the engine
 * compiled once for all workers (shared-core.ts), starting one costs 0.13–0.25 s of CPU, under 1 %
 * of the pages it then reads (before: 0.4–0.5 s, and about 1 s more recompiling while it read).
 */
export const DEFAULT_RECYCLE_AFTER = 25;

const DEFAULT_PARAMS: Record<string, string> = {
  // Tesseract 5 re-reads low-confidence lines as white-on-black; administrative pages have no
  // inverted text and the retry costs about a quarter of the recognition time.
  tessedit_do_invert: '0',
  // Layout analysis looks for tables to mark them as table regions; ruled tables are already cut
  // out and read on their own (page-recognizer.ts). Off: about 2 % less OCR time, and the error
  // rate on the evaluation set went from 0.0099 to 0.0094 (bench/ocr.ts, paired runs).
  textord_tabfind_find_tables: '0',
  // Reassigning small outlines ("noise" or diacritics) to words classifies each candidate again;
  // the LSTM reads the line image, tone marks included, either way. Off: about 3 % less OCR time
  // with the same error rate on the evaluation set, Vietnamese diacritics included.
  enable_noise_removal: '0',
  // Engine diagnostics ("Detected N diacritics", …) would otherwise go to the app's stdout.
  debug_file: '/dev/null',
};

const failure = (message: string, cause?: unknown): AppError => new AppError('OCR_FAILED', message, cause === undefined ? undefined : { cause: String((cause as Error)?.message ?? cause) });

export class OcrPool {
  private readonly slots: Slot[] = [];
  private readonly slotWaiters: ((s: Slot) => void)[] = [];
  private readonly pending: Semaphore;
  private readonly prepLock = new Semaphore(1);
  private readyWaiters: (() => void)[] = [];
  private queued = 0;
  private jobsDone = 0;
  private jobsFailed = 0;
  private recycled = 0;
  private replaced = 0;
  private orientationReads = 0;
  private orientationChecks = 0;
  private readonly passes = { page: 0, table: 0, fallback: 0, fallbackChosen: 0 };
  private closed = false;
  private osd: { slot: Slot; lock: Semaphore; jobs: number } | null = null;
  private osdStarting: Promise<{ slot: Slot; lock: Semaphore; jobs: number }> | null = null;
  private osdIdleTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly size: number,
    readonly langs: string,
    private readonly langPath: string,
    private readonly cacheDir: string,
    private readonly recycleAfter: number,
    private readonly passTimeoutMs: number,
    private readonly params: Record<string, string>,
    private readonly osdIdleMs: number,
  ) {
    this.pending = new Semaphore(size + 1);
  }

  static async create(opts: OcrPoolOptions): Promise<OcrPool> {
    const size = Math.max(1, Math.floor(opts.size ?? os.availableParallelism()));
    const langs = opts.langs ?? 'vie';
    const langPath = opts.modelDir
      ? prepareLanguageData(opts.cacheDir, langs.split('+'), 'custom', { extraSources: [opts.modelDir] })
      : prepareLanguageData(opts.cacheDir, langs.split('+'), 'lstm');
    const pool = new OcrPool(size, langs, langPath, opts.cacheDir, Math.max(1, opts.recycleAfter ?? DEFAULT_RECYCLE_AFTER), opts.passTimeoutMs ?? 120_000, { ...DEFAULT_PARAMS, ...opts.tessParams }, opts.orientationIdleMs ?? 20_000);
    for (let i = 0; i < size; i++) pool.slots.push(pool.emptySlot(i));
    try {
      await Promise.all(pool.slots.map((s) => pool.start(s)));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private emptySlot(id: number): Slot {
    return { id, worker: null, thread: null, jobs: 0, busy: false, poisoned: false, death: new Promise<never>(() => {}) };
  }

  private async spawn(slot: Slot, langs: string, oem: Tesseract.OEM, langPath: string, legacy: boolean): Promise<void> {
    let worker: Tesseract.Worker;
    try {
      // Every worker runs the one compiled engine (shared-core.ts): no recompilation per worker.
      const workerPath = (await sharedCoreWorker()) as unknown as string;
      worker = await Tesseract.createWorker(langs, oem, {
        langPath,
        workerPath,
        gzip: true,
        cacheMethod: 'none',
        ...(legacy ? { legacyCore: true, legacyLang: true } : {}),
        // Without a handler tesseract.js rethrows job errors inside its message listener, where
        // nothing can catch them; the rejected promise already carries the error to us.
        errorHandler: () => {},
      });
    } catch (err) {
      throw new AppError('LANGUAGE_DATA_MISSING', `Không khởi động được bộ nhận dạng ký tự với dữ liệu ngôn ngữ "${langs}".`, { cause: String(err) });
    }
    const thread = (worker as unknown as { worker: NodeWorker }).worker;
    slot.worker = worker;
    slot.thread = thread;
    slot.jobs = 0;
    slot.poisoned = false;
    slot.death = new Promise<never>((_, reject) => {
      // An 'error' event with no listener would be rethrown in the main process.
      thread.on('error', (err) => reject(failure('Bộ nhận dạng ký tự gặp lỗi và đã được khởi động lại.', err)));
      thread.once('exit', (code) => reject(failure('Bộ nhận dạng ký tự dừng đột ngột và đã được khởi động lại.', `exit ${code}`)));
    });
    slot.death.catch(() => {
      if (slot.thread !== thread || this.closed) return; // an old worker we retired ourselves
      slot.poisoned = true;
      // The orientation worker (id -1) is restarted by osdWorker() when next needed; only reading
      // slots are replaced here.
      if (!slot.busy && slot.id >= 0) void this.replace(slot, false);
    });
  }

  private async start(slot: Slot): Promise<void> {
    await this.spawn(slot, this.langs, Tesseract.OEM.LSTM_ONLY, this.langPath, false);
    await this.guard(slot, slot.worker!.setParameters(this.params));
    this.offer(slot);
  }

  private async replace(slot: Slot, recycle: boolean): Promise<void> {
    if (recycle) this.recycled++;
    else this.replaced++;
    await this.retire(slot);
    if (this.closed) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.start(slot);
        return;
      } catch (err) {
        if (attempt >= 2 || this.closed) {
          // Without this worker the pool still runs on the others; with none left, fail waiters.
          if (this.slots.every((s) => s.worker === null)) {
            for (const w of this.slotWaiters.splice(0)) w(slot);
          }
          return;
        }
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        void err;
      }
    }
  }

  /** A slot became free: give it to the oldest waiter. */
  private offer(slot: Slot): void {
    const next = this.slotWaiters.shift();
    if (next) {
      slot.busy = true;
      next(slot);
    }
  }

  /** A free worker; `first` jumps the queue (clean-up is waiting on it, and pages behind that). */
  private acquireSlot(first = false): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy && s.worker !== null && !s.poisoned);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => (first ? this.slotWaiters.unshift(resolve) : this.slotWaiters.push(resolve)));
  }

  private release(slot: Slot): void {
    slot.busy = false;
    if (this.closed) return;
    if (slot.poisoned || slot.jobs >= this.recycleAfter) void this.replace(slot, !slot.poisoned);
    else this.offer(slot);
  }

  /** Races a call on a worker against that worker's death and the pass time limit. */
  private guard<T>(slot: Slot, call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        slot.poisoned = true;
        reject(failure('Nhận dạng ký tự mất quá nhiều thời gian nên đã bị dừng.'));
      }, this.passTimeoutMs);
    });
    return Promise.race([call, slot.death, timeout]).finally(() => clearTimeout(timer));
  }

  /** Resolves when the queue is short enough to accept more pages without piling them up. */
  whenReady(): Promise<void> {
    if (this.queued < this.size * 2 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private dequeued(): void {
    this.queued--;
    if (this.queued < this.size * 2) for (const w of this.readyWaiters.splice(0)) w();
  }

  async recognize(image: Buffer, opts: RecognizeOptions = {}): Promise<OcrResult> {
    if (this.closed) throw failure('Bộ nhận dạng ký tự đã đóng.');
    this.queued++;
    let counted = true;
    const done = () => {
      if (counted) this.dequeued();
      counted = false;
    };
    await this.pending.acquire();
    try {
      const raw = opts.psm !== undefined && opts.psm !== 'auto';
      const prepared = await this.prepLock.run(() => prepareForOcr(image, { dpi: opts.dpi, scale: opts.scale, noTables: raw, noDeskew: raw || opts.deskew === false, layout: raw ? null : opts.layout }));
      if (this.closed) throw failure('Bộ nhận dạng ký tự đã đóng.');
      const slot = await this.acquireSlot();
      done();
      if (slot.worker === null) throw failure(this.closed ? 'Bộ nhận dạng ký tự đã đóng.' : 'Không khởi động được bộ nhận dạng ký tự.');
      try {
        const worker = slot.worker;
        const run = async (img: Buffer, psm: Psm, dpi: number): Promise<TessPage> => {
          const params = { tessedit_pageseg_mode: String(psm), user_defined_dpi: String(Math.max(70, Math.min(2400, dpi))) };
          const res = await this.guard(slot, worker.recognize(img, params as unknown as Partial<Tesseract.RecognizeOptions>, { tsv: true, text: false, blocks: false }));
          return parseTsv(res.data.tsv ?? '');
        };
        const { result, info } = await recognizePrepared(prepared, run, opts.psm ?? 'auto');
        // The workers were sent copies; the page's own images are done with.
        release(prepared.image, ...prepared.tables.map((t) => t.image));
        for (const p of info.passes) {
          if (p === 'table-psm6') this.passes.table++;
          else if (p === 'fallback-psm6') this.passes.fallback++;
          else if (p === 'chose-psm6') this.passes.fallbackChosen++;
          else this.passes.page++;
        }
        slot.jobs++;
        this.jobsDone++;
        return result;
      } catch (err) {
        slot.poisoned = true;
        throw err instanceof AppError ? err : failure('Nhận dạng ký tự (OCR) thất bại ở trang này.', err);
      } finally {
        this.release(slot);
      }
    } catch (err) {
      this.jobsFailed++;
      throw err;
    } finally {
      done();
      this.pending.release();
    }
  }

  private async osdWorker(): Promise<{ slot: Slot; lock: Semaphore; jobs: number }> {
    if (this.osd && this.osd.slot.worker && !this.osd.slot.poisoned && this.osd.jobs < this.recycleAfter * 5) return this.osd;
    if (this.osdStarting) return this.osdStarting;
    this.osdStarting = (async () => {
      const old = this.osd;
      this.osd = null;
      if (old) await this.retire(old.slot);
      const langPath = prepareLanguageData(this.cacheDir, ['osd'], 'legacy');
      const slot = this.emptySlot(-1);
      await this.spawn(slot, 'osd', Tesseract.OEM.TESSERACT_ONLY, langPath, true);
      // Pages reach OSD reduced to about 150 dpi (A4 at 1800 px); PGM carries no resolution.
      await this.guard(slot, slot.worker!.setParameters({ user_defined_dpi: '150', debug_file: '/dev/null' }));
      this.osd = { slot, lock: new Semaphore(1), jobs: 0 };
      return this.osd;
    })().finally(() => {
      this.osdStarting = null;
    });
    return this.osdStarting;
  }

  /**
   * Orientation of a page clean-up is unsure of: first by reading its densest strip of lettering at
   * each candidate turn on the reading workers (no third engine), then, only if that cannot tell
   * (too little text the Vietnamese model reads), by tesseract OSD. Null when neither can.
   */
  async detectOrientation(question: OrientationQuestion): Promise<Orientation | null> {
    const read = await this.readOrientation(question.strips, question.dpi).catch(() => null);
    if (read) return read;
    const osd = await this.osdOrientation(await question.page());
    return osd.confidence >= OSD_MIN_CONFIDENCE ? osd : null;
  }

  /**
   * Reads each strip (psm 6, one block) and picks the turn whose words the model is most confident
   * of. Upright Vietnamese reads at 65–96 mean confidence; turned, the same letters read as noise at
   * 10–50 (two evaluation sets, every variant). Null unless the best reading is clearly ahead.
   */
  async readOrientation(strips: readonly OrientationStrip[], dpi: number): Promise<Orientation | null> {
    if (this.closed) throw failure('Bộ nhận dạng ký tự đã đóng.');
    if (strips.length < 2) return null;
    this.orientationReads++;
    const scores = await Promise.all(strips.map(async (s) => ({ degrees: s.degrees, score: readingConfidence(await this.readStrip(s.image, dpi)) })));
    scores.sort((x, y) => y.score - x.score);
    const [best, next] = [scores[0]!, scores[1]!];
    if (best.score < READ_MIN_CONFIDENCE || best.score - next.score < READ_MIN_LEAD) return null;
    return { degrees: best.degrees, confidence: (best.score - next.score) / 100 };
  }

  private async readStrip(image: Buffer, dpi: number): Promise<TessPage> {
    const slot = await this.acquireSlot(true);
    if (slot.worker === null) throw failure('Bộ nhận dạng ký tự đã đóng.');
    try {
      const params = { tessedit_pageseg_mode: '6', user_defined_dpi: String(Math.max(70, Math.min(2400, dpi))) };
      const res = await this.guard(slot, slot.worker.recognize(image, params as unknown as Partial<Tesseract.RecognizeOptions>, { tsv: true, text: false, blocks: false }));
      slot.jobs++;
      return parseTsv(res.data.tsv ?? '');
    } catch (err) {
      slot.poisoned = true;
      throw err;
    } finally {
      this.release(slot);
    }
  }

  /**
   * Page orientation by tesseract's orientation and script detection (legacy engine + osd model,
   * one extra worker started on first use), on a copy reduced to about 150 dpi: OSD needs whole
   * letters, not fine detail, and takes about half a second there.
   */
  async osdOrientation(image: Buffer): Promise<Orientation> {
    if (this.closed) throw failure('Bộ nhận dạng ký tự đã đóng.');
    let small: Buffer;
    try {
      const { data, info } = await sharp(image, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
        .greyscale()
        .resize({ width: 1800, height: 1800, fit: 'inside', withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true });
      small = toPgm(data, info.width, info.height);
    } catch (err) {
      throw failure('Không đọc được ảnh trang để xác định chiều xoay.', err);
    }
    for (;;) {
      const osd = await this.osdWorker();
      const answer = await osd.lock.run(async (): Promise<Orientation | null> => {
        // Released for idleness between our asking and our turn: ask for a fresh one.
        if (this.osd !== osd || !osd.slot.worker) return null;
        try {
          this.orientationChecks++;
          const d = (await this.guard(osd.slot, osd.slot.worker.detect(small))).data;
          osd.jobs++;
          const deg = d.orientation_degrees ?? 0;
          const degrees = (deg === 90 || deg === 180 || deg === 270 ? deg : 0) as Orientation['degrees'];
          return { degrees, confidence: d.orientation_confidence ?? 0 };
        } catch (err) {
          osd.slot.poisoned = true;
          throw err instanceof AppError ? err : failure('Không xác định được chiều xoay của trang.', err);
        } finally {
          this.releaseOsdWhenIdle();
        }
      });
      if (answer) return answer;
      if (this.closed) throw failure('Bộ nhận dạng ký tự đã đóng.');
    }
  }

  /**
   * The OSD worker (legacy engine, about 72 MB) is asked only about pages neither clean-up's test
   * nor the strip reading could settle, so it is stopped after a quiet spell.
   */
  private releaseOsdWhenIdle(): void {
    if (this.osdIdleTimer) clearTimeout(this.osdIdleTimer);
    this.osdIdleTimer = setTimeout(() => {
      this.osdIdleTimer = null;
      const osd = this.osd;
      if (!osd) return;
      void osd.lock.run(async () => {
        if (this.osd !== osd) return;
        this.osd = null;
        await this.retire(osd.slot);
      });
    }, this.osdIdleMs);
    this.osdIdleTimer.unref();
  }

  /**
   * Stops a worker we no longer want. The slot forgets its thread first, so the thread's exit is not
   * taken for a crash (which would start a replacement in that slot).
   */
  private async retire(slot: Slot): Promise<void> {
    const worker = slot.worker;
    slot.worker = null;
    slot.thread = null;
    await worker?.terminate().catch(() => {});
  }

  /** Whether the orientation worker is running (for tests and diagnostics). */
  get orientationWorkerRunning(): boolean {
    return this.osd !== null;
  }

  stats(): OcrPoolStats {
    return {
      workers: this.slots.filter((s) => s.worker !== null).length,
      busy: this.slots.filter((s) => s.busy).length,
      queued: this.queued,
      jobsDone: this.jobsDone,
      jobsFailed: this.jobsFailed,
      recycled: this.recycled,
      replaced: this.replaced,
      orientationReads: this.orientationReads,
      orientationChecks: this.orientationChecks,
      orientationWorker: this.orientationWorkerRunning,
      passes: { ...this.passes },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.osdIdleTimer) clearTimeout(this.osdIdleTimer);
    for (const w of this.readyWaiters.splice(0)) w();
    const workers = [...this.slots.map((s) => s.worker), this.osd?.slot.worker ?? null];
    for (const s of this.slots) {
      s.worker = null;
      s.thread = null;
    }
    for (const w of this.slotWaiters.splice(0)) w(this.emptySlot(-1));
    await Promise.all(workers.map((w) => w?.terminate().catch(() => {})));
  }
}
