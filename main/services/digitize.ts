// Digitization (Circular 01/2023: copy → extract data → result code → store): source files or
// scanner pages are decoded, cleaned up, stored content-addressed, OCRed in the worker pool, and
// assembled into one searchable PDF per dossier component. Long work runs as jobs that report
// progress as events; a bad file or page is reported in Vietnamese and the rest of the batch goes on.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../api/dispatch';
import type { CaptureStatus, Job, MethodParsedInput } from '../../shared/contract/api';
import { FolderWatcher, type FolderWatchEvent } from '../capture/sources';
import { AppError, toErrorPayload } from '../../shared/contract/errors';
import type { FileKind } from '../../shared/contract/transport';
import type { Page } from '../../shared/domain/schemas';
import { foldVietnamese, iyVariants, markMatches, nfc, searchTerms } from '../../shared/text/fold';
import type { StoredFile } from '../core/types';
import type { NewPage, StoredPage } from '../data/repos/pages';
import type { IntakeItem, StoredJob } from '../data/repos/intake';
import type { SessionState } from '../core/sessions';
import { BlobStore, sha256Hex } from '../storage/blob-store';
import { decodeFile, isPageError } from '../capture/decode';
import { isUpright, renderPlaced, type ImagePlacement } from '../imaging/placement';
import { toPgm } from '../imaging/pgm';
import { writeFileAtomic, type AtomicFs } from '../fs/atomic';
import type { CleanPage, DecodedPage } from '../ocr/types';
import { buildSearchablePdf, type PdfCopiedPage, type PdfImagePage } from '../pdf/searchable-pdf';
import { admitPage, preparePage, recognize, toPdfPage } from '../pipeline/page-pipeline';
import { audit, callContext, nowIso, requireSession, type AppContext, type ServiceContext } from './context';
import { captureSigner, type Signer } from './signing';
import { getSettings } from './settings';
import { realignText } from './realign-text';
import { listCaptureDevices, scanPages } from './capture-devices';
import type { OcrEngine } from './ocr-engine';

export type { OcrEngine };

export interface DigitizerOptions {
  ocrPoolSize?: number;
  /** Tests inject a fake engine; production lazily starts the tesseract.js pool. */
  ocrFactory?: () => Promise<OcrEngine>;
  /** Disk-full tests: the file system the blob store writes through. */
  blobFs?: AtomicFs;
  /** Delay before OCR that failed for a full disk is tried again (default 60 s). */
  ocrRetryMs?: number;
}

export interface SourceFile {
  name: string;
  data: Buffer;
  source: 'file' | 'folder' | 'sane' | 'wia' | 'camera';
}

const THUMB_WIDTH = 320;
const MAX_FINISHED_JOBS = 200;
/** OCR of a page is tried this many times (a full disk, a worker that died) before it stays failed. */
const MAX_OCR_ATTEMPTS = 5;
/** Finished jobs and intake records are kept this long in the database (jobs.get after a restart). */
const KEEP_JOBS_DAYS = 30;
/** Said when a PDF build that signs was cut by a restart: the key is not unlocked any more. */
export const BUILD_INTERRUPTED_SIGNED = 'Ứng dụng đã khởi động lại khi đang tạo PDF; hãy bấm Tạo PDF lại (cần mở khóa chữ ký số)';

/** A stored source file's extension (for the kept copy): the name's, when it is a plain one. */
function intakeExt(name: string): string {
  const e = path.extname(name).slice(1).toLowerCase();
  return /^[a-z0-9]{1,10}$/.test(e) ? e : 'bin';
}
const isDiskFullError = (err: unknown) => toErrorPayload(err).code === 'DISK_FULL';

type DigitizeMethods =
  | 'capture.devices'
  | 'capture.status'
  | 'capture.setTarget'
  | 'digitize.importFiles'
  | 'digitize.scan'
  | 'digitize.pages'
  | 'digitize.reorder'
  | 'digitize.rotate'
  | 'digitize.deletePage'
  | 'digitize.movePages'
  | 'digitize.pageText'
  | 'digitize.correctPage'
  | 'digitize.buildPdf'
  | 'jobs.get'
  | 'search.fullText';

async function defaultOcrFactory(dataDir: string, size?: number): Promise<OcrEngine> {
  const { OcrPool } = await import('../ocr/pool');
  return OcrPool.create({ size: size ?? Math.max(1, os.availableParallelism()), cacheDir: path.join(dataDir, 'cache', 'tessdata') });
}

export function createDigitizer(app: AppContext, opts: DigitizerOptions = {}) {
  const blobs = new BlobStore(path.join(app.dataDir, 'files'), { fs: opts.blobFs });
  /** Uploaded, scanned and claimed files, kept until their pages are committed (then deleted). */
  const kept = new BlobStore(path.join(app.dataDir, 'intake'), { fs: opts.blobFs });
  const ocrRetryMs = opts.ocrRetryMs ?? 60_000;
  const jobs = new Map<string, Job>();
  const jobSaved = new Map<string, { at: number; errors: number; state: Job['state'] }>();
  const retryTimers = new Set<NodeJS.Timeout>();
  const rebuilding = new Set<string>();
  /** OCR in flight per page, so building a PDF waits for its pages and nothing runs twice. */
  const inFlight = new Map<string, Promise<void>>();
  let engine: Promise<OcrEngine> | null = null;
  let closed = false;
  const capture: CaptureStatus = { targetComponentId: null, watchFolder: '', watching: false, lastError: null, imported: 0 };
  let watchAbort: AbortController | null = null;
  let watchOwner: ServiceContext | null = null;
  /** A target kept across a restart: its officer, whose next sign-in starts the watcher again. */
  let pendingOwner: string | null = null;

  const ocr = (): Promise<OcrEngine> => {
    engine ??= (opts.ocrFactory ?? (() => defaultOcrFactory(app.dataDir, opts.ocrPoolSize)))();
    return engine;
  };

  // --- jobs -------------------------------------------------------------------------------------
  /**
   * A job, live in memory and recorded in the database (in the caller's transaction when there is
   * one: an upload's job row commits with its intake rows).
   */
  function newJob(kind: Job['kind'], total: number, message: string, meta: { ctx: ServiceContext | null; componentId: string | null; params?: Record<string, unknown> }): Job {
    const job: Job = { id: crypto.randomUUID(), kind, state: 'running', done: 0, total, message, errors: [] };
    app.store.tx(() => app.store.intake.insertJob({ ...job, componentId: meta.componentId, officerId: meta.ctx?.session?.officer.id ?? null, params: meta.params }, nowIso(app)));
    jobSaved.set(job.id, { at: Date.now(), errors: 0, state: job.state });
    track(job);
    return job;
  }
  function track(job: Job): void {
    jobs.set(job.id, job);
    // A desk runs hundreds of jobs a day: keep only the most recent finished ones.
    const finished = [...jobs.values()].filter((j) => j.state === 'done' || j.state === 'failed');
    for (const old of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_JOBS))) {
      jobs.delete(old.id);
      jobSaved.delete(old.id);
    }
    publish(job);
  }
  function publish(job: Job): void {
    app.emit('job.progress', { ...job, errors: [...job.errors] });
    // Written on every change of state or errors, otherwise at most once a second.
    const last = jobSaved.get(job.id);
    if (closed || (last && last.state === job.state && last.errors === job.errors.length && Date.now() - last.at < 1000)) return;
    try {
      app.store.tx(() => app.store.intake.saveJob(job, nowIso(app)));
      jobSaved.set(job.id, { at: Date.now(), errors: job.errors.length, state: job.state });
    } catch {
      // A full disk: the job goes on in memory and is written at its next change.
    }
  }
  function publicJob(j: StoredJob): Job {
    const { componentId: _c, officerId: _o, params: _p, createdAt: _a, ...job } = j;
    return job;
  }
  function findJob(id: string): Job | null {
    const live = jobs.get(id);
    if (live) return live;
    const stored = app.store.intake.job(id);
    return stored ? publicJob(stored) : null;
  }
  /** The context of a job resumed after a restart: its officer, without a window (audit names them). */
  function resumeContext(officerId: string | null): ServiceContext | null {
    const officer = officerId ? app.store.people.officer(officerId) : null;
    const unit = officer ? app.store.people.unit(officer.unitId) : null;
    if (!officer || !unit) return null;
    const at = app.now();
    const session: SessionState = { id: `resume:${officer.id}`, officer, unit, desk: officer.desk, signedInAt: at.toISOString(), lastActivity: at.getTime(), locked: false };
    return { ...app, sessionId: session.id, session };
  }
  function fail(job: Job, item: string, err: unknown): void {
    const payload = toErrorPayload(err);
    if (payload.code === 'INTERNAL') console.error(`[motcua] ${job.kind} ${item}:`, err);
    job.errors.push({ item, message: payload.message });
    publish(job);
  }

  // --- helpers ----------------------------------------------------------------------------------
  function component(componentId: string) {
    const c = app.store.dossiers.component(componentId);
    if (!c) throw new AppError('NOT_FOUND', 'Không tìm thấy thành phần hồ sơ.');
    return c;
  }
  function page(pageId: string): StoredPage {
    const p = app.store.pages.get(pageId);
    if (!p) throw new AppError('NOT_FOUND', 'Không tìm thấy trang.');
    return p;
  }
  function publicPage(p: StoredPage): Page {
    const { imageExt: _e, thumbId: _t, text: _x, lines: _l, textSource: _s, sourcePdfId: _p, sourcePdfPage: _n, ...rest } = p;
    return rest;
  }
  /** Pages changed after the PDF was built: the stored copy no longer matches the paper. */
  function invalidate(componentId: string): void {
    const c = app.store.dossiers.component(componentId);
    if (c?.digitization.fileId) {
      app.store.intake.markStale(c.digitization.fileId, 'pdf', nowIso(app));
      app.store.dossiers.clearComponentDigitization(componentId);
      app.store.stats.refreshFacts(c.dossierId);
      queueMicrotask(() => void sweepStale()); // after the caller's transaction
      app.emit('dossier.changed', { dossierId: c.dossierId });
    }
  }
  /** Replaced or cleared component PDFs are deleted once nothing references them. */
  async function sweepStale(): Promise<void> {
    if (closed) return;
    try {
      for (const f of app.store.intake.staleFiles()) {
        if (app.store.tx(() => app.store.intake.releaseStale(f.fileId, f.ext)) && !app.store.pages.sourcePdfKnown(f.fileId)) await fs.promises.rm(blobs.pathOf(f.fileId, f.ext), { force: true });
      }
    } catch (err) {
      console.error('[motcua] removing replaced PDFs:', err);
    }
  }
  async function storeImage(image: Buffer, mime: CleanPage['mime'], placement: ImagePlacement | null) {
    const stored = await blobs.put(image, mime === 'image/jpeg' ? 'jpg' : 'png');
    const thumb = await (await renderPlaced(image, placement, THUMB_WIDTH)).jpeg({ quality: 70 }).toBuffer();
    const thumbRef = await blobs.put(thumb, 'jpg');
    return { imageId: stored.id, imageExt: stored.ext, thumbId: thumbRef.id };
  }

  /** The stored image as OCR must see it: laid upright first when it was kept as captured. */
  async function uprightForOcr(p: StoredPage): Promise<Buffer> {
    const image = await blobs.read(p.imageId, p.imageExt);
    if (isUpright(p.placement)) return image;
    const { data, info } = await (await renderPlaced(image, p.placement)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    return toPgm(data, info.width, info.height);
  }

  /**
   * A page image for display: the stored file, or for an image kept as captured an upright
   * rendition, made on first request and kept beside the blobs (named by image and placement).
   */
  async function displayFile(imageId: string, ext: string, placement: ImagePlacement | null): Promise<StoredFile | null> {
    const mime = ext === 'jpg' ? 'image/jpeg' : 'image/png';
    if (isUpright(placement)) return { path: blobs.pathOf(imageId, ext), mime };
    const file = path.join(blobs.root, 'renditions', `${imageId}-${placement!.turn}-${Math.round(placement!.skew * 1000)}.${ext}`);
    try {
      await fs.promises.access(file);
    } catch {
      const image = await blobs.read(imageId, ext);
      const pipe = await renderPlaced(image, placement);
      const bytes = await (ext === 'jpg' ? pipe.jpeg({ quality: 85 }) : pipe.png()).toBuffer();
      await writeFileAtomic(file, bytes);
    }
    return { path: file, mime };
  }

  // --- OCR --------------------------------------------------------------------------------------
  /**
   * Reads one page. A full disk (the result cannot be written) puts the page back to pending with
   * its reason and tries again later; another failure leaves it failed, tried again at the next
   * start up to MAX_OCR_ATTEMPTS. Text that arrives after the component's PDF was built makes that
   * PDF stale: it is cleared and rebuilt (see `rebuildLater`).
   */
  function queueOcr(pageId: string): Promise<void> {
    const running = inFlight.get(pageId);
    if (running) return running;
    const task = (async () => {
      const at = () => nowIso(app);
      try {
        const p = page(pageId);
        app.store.pages.startOcr(pageId, at());
        const read = { image: await uprightForOcr(p), hints: { dpi: p.dpi }, ownCopy: false };
        const { text, lines, confidence } = await recognize(await ocr(), { width: p.width, height: p.height, ocr: read });
        if (closed) return;
        const threshold = getSettings(app).lowConfidenceThreshold;
        const built = app.store.tx(() => {
          app.store.pages.setText(pageId, {
            text,
            lines,
            confidence,
            needsReview: text.trim().length > 0 && (confidence ?? 0) < threshold,
            source: 'ocr',
            folded: foldVietnamese(text),
            at: at(),
          });
          // The component's PDF was built without this text (its OCR failed or came late).
          const c = app.store.dossiers.component(p.componentId);
          if (!c?.digitization.fileId || rebuilding.has(p.componentId)) return false;
          invalidate(p.componentId);
          return true;
        });
        if (built) rebuildLater(p.componentId);
      } catch (err) {
        if (closed) return;
        const full = isDiskFullError(err);
        const reason = toErrorPayload(err).message;
        try {
          if (app.store.pages.get(pageId)) {
            // A full disk is not the page's fault: pending again, with the reason shown.
            app.store.pages.setOcrStatus(pageId, full ? 'pending' : 'failed', at(), full ? `${reason} Trang sẽ được nhận dạng lại.` : reason);
          }
        } catch {
          // The store cannot write either: retried below, and reset at the next start.
        }
        if (full) {
          capture.lastError = `Nhận dạng chữ (OCR): ${reason}`;
          publishCapture();
          retryOcrLater(pageId);
        }
        throw err;
      } finally {
        inFlight.delete(pageId);
        try {
          const p = app.store.pages.get(pageId);
          if (p && !closed) app.emit('pages.changed', { componentId: p.componentId });
        } catch {
          // Reading back can fail on a damaged store; the page is retried anyway.
        }
      }
    })();
    inFlight.set(pageId, task);
    return task;
  }
  function retryOcrLater(pageId: string): void {
    const t = setTimeout(() => {
      retryTimers.delete(t);
      if (closed) return;
      const p = app.store.pages.get(pageId);
      if (p && p.ocrStatus !== 'done' && p.ocrStatus !== 'skipped') queueOcr(pageId).catch(() => undefined);
    }, ocrRetryMs);
    t.unref?.();
    retryTimers.add(t);
  }
  /**
   * A PDF made stale by late text is rebuilt by the officer who built it, when that build did not
   * sign (a signing key is never used without its officer); a signed one waits for the officer's
   * next "Tạo PDF" (the component shows it is not digitized any more).
   */
  function rebuildLater(componentId: string): void {
    const last = app.store.intake.lastBuild(componentId);
    if (!last || last.params.signed) return;
    const ctx = resumeContext(last.officerId);
    if (!ctx || rebuilding.has(componentId)) return;
    rebuilding.add(componentId);
    setTimeout(() => {
      if (closed) return;
      startBuild(ctx, unsignedSigner, componentId, (last.params.resultCode as string | null) ?? null, false).done.finally(() => rebuilding.delete(componentId));
    }, 0).unref?.();
  }

  // --- import -----------------------------------------------------------------------------------
  interface StagedPage {
    row: NewPage;
    /** Text of a PDF page that has its own text layer (not OCRed). */
    pdfText: string | null;
    ocr: boolean;
    label: string;
  }

  /**
   * Cleans one decoded page and stores its images; nothing is written to the database yet (the
   * file's pages commit together). Blobs are content-addressed, so doing this again after a crash
   * is harmless. The page's OCR slot is held only while it is cleaned: its OCR reads the stored image
   * once the file is committed.
   */
  async function stagePage(componentId: string, file: SourceFile, sha: string, decoded: DecodedPage): Promise<StagedPage> {
    const at = nowIso(app);
    const id = crypto.randomUUID();
    const suffix = decoded.index > 0 || decoded.textLayer ? ` (trang ${decoded.index + 1})` : '';
    const label = `${file.name} (trang ${decoded.index + 1})`;
    if (decoded.textLayer) {
      // A PDF that already has text is kept as it is: its page is copied into the result, not OCRed.
      const pdf = await blobs.put(decoded.textLayer.pdf, 'pdf');
      const img = await storeImage(decoded.image, 'image/png', null);
      const text = nfc(decoded.textLayer.text);
      return {
        row: {
          id, componentId, ...img, sourceName: file.name + suffix, sourceSha256: sha,
          width: decoded.width, height: decoded.height, dpi: decoded.dpi ?? 150, color: decoded.color, rotation: 0, placement: null,
          blank: false, ocrStatus: 'skipped', text, textSource: 'pdf', sourcePdfId: pdf.id, sourcePdfPage: decoded.textLayer.pageIndex, at,
        },
        pdfText: text,
        ocr: false,
        label,
      };
    }
    const ocrEngine = await ocr();
    const free = await admitPage(ocrEngine);
    try {
      const prepared = await preparePage(decoded, ocrEngine);
      if (prepared.kind !== 'image') throw new Error('unreachable: a page without a text layer is an image');
      const clean = prepared.clean;
      const img = await storeImage(clean.image, clean.mime, clean.placement);
      return {
        row: {
          id, componentId, ...img, sourceName: file.name + suffix, sourceSha256: sha, placement: clean.placement,
          width: clean.width, height: clean.height, dpi: clean.dpi, color: clean.color, rotation: clean.rotation,
          blank: clean.blank, ocrStatus: clean.blank ? 'skipped' : 'pending', text: '', textSource: 'ocr', sourcePdfId: null, sourcePdfPage: null, at,
        },
        pdfText: null,
        ocr: !clean.blank,
        label,
      };
    } finally {
      free();
    }
  }

  /** The file was imported into this component before (by this call's twin, or earlier). */
  function alreadyImported(name: string): AppError {
    return new AppError('CONFLICT', `Tệp này đã được nhập vào thành phần hồ sơ trước đó (${name}).`);
  }

  /**
   * Imports one source file into a component: every page that decodes is cleaned and stored, then
   * all its page rows, the file's import record (unique per component and SHA-256) and its intake
   * row commit in ONE transaction, so a crash leaves the file either wholly imported or not at all,
   * and a second import of the same file into the component (double submit, a second instance)
   * changes nothing. Pages are then queued for OCR (tracked in `ocrTasks`); page errors are
   * recorded on the job. Throws when nothing of the file could be taken.
   */
  async function importOne(ctx: ServiceContext, job: Job, componentId: string, file: SourceFile, ocrTasks: Promise<void>[], itemId: string | null): Promise<number> {
    if (file.data.length === 0) throw new AppError('FILE_EMPTY');
    const sha = sha256Hex(file.data);
    // A file uploaded or dropped twice is a mistake; a scanner's pages are fresh captures (its
    // test patterns can even be byte-identical), so they are never refused as duplicates.
    const unique = file.source === 'file' || file.source === 'folder';
    const seen = unique ? (app.store.intake.componentImport(componentId, sha) ?? (app.store.pages.importedFile(sha)?.componentId === componentId ? app.store.pages.importedFile(sha) : null)) : null;
    if (seen) throw alreadyImported(seen.name);
    const staged: StagedPage[] = [];
    let firstError: unknown = null;
    for await (const item of decodeFile({ name: file.name, data: file.data })) {
      if (closed) throw new AppError('INTERNAL', 'Ứng dụng đang đóng.');
      if (isPageError(item)) {
        firstError ??= item.error;
        fail(job, `${file.name} (trang ${item.index + 1})`, item.error);
        continue;
      }
      try {
        staged.push(await stagePage(componentId, file, sha, item));
      } catch (err) {
        firstError ??= err;
        fail(job, `${file.name} (trang ${item.index + 1})`, err);
      }
    }
    if (staged.length === 0) throw firstError ?? new AppError('FILE_CORRUPT');
    // Closing now leaves the file pending in intake: it is imported whole at the next start.
    if (closed) throw new AppError('INTERNAL', 'Ứng dụng đang đóng.');
    const at = nowIso(app);
    const committed = app.store.tx(() => {
      if (unique && !app.store.intake.recordComponentImport(componentId, sha, file.name, file.source, staged.length, at)) return false;
      for (const s of staged) {
        app.store.pages.insert(s.row);
        if (s.pdfText !== null) app.store.pages.setText(s.row.id, { text: s.pdfText, lines: [], confidence: null, needsReview: false, source: 'pdf', folded: foldVietnamese(s.pdfText), at });
      }
      app.store.pages.rememberImport(sha, file.name, file.source, componentId, at);
      if (itemId) app.store.intake.finishItem(itemId, 'done', staged.length, null, at);
      invalidate(componentId);
      audit(ctx, 'import', 'component', componentId, { file: file.name, source: file.source, sha256: sha, pages: staged.length });
      return true;
    });
    if (!committed) throw alreadyImported(app.store.intake.componentImport(componentId, sha)?.name ?? file.name);
    app.emit('pages.changed', { componentId });
    for (const s of staged) {
      if (!s.ocr) continue;
      job.total++;
      ocrTasks.push(
        queueOcr(s.row.id).then(
          () => {
            job.done++;
            publish(job);
          },
          (err) => {
            job.done++;
            fail(job, s.label, err);
          },
        ),
      );
    }
    return staged.length;
  }

  /**
   * Kept copies this process is keeping whose intake rows have not committed yet: neither a
   * release nor the start's sweep may remove them (a double submit keeps the same bytes twice, and
   * a release of the first must not take the second's copy). A removal under way is awaited before
   * the same bytes are kept again, so a copy found present is not one about to go.
   */
  const keeping = new Map<string, number>();
  const removing = new Map<string, Promise<void>>();
  const keptKey = (sha: string, ext: string) => `${sha}.${ext}`;
  const holds = (k: string) => keeping.get(k) ?? 0;
  function letGo(items: IntakeItem[]): void {
    for (const i of items) {
      const k = keptKey(i.sha256, i.ext);
      const n = holds(k) - 1;
      if (n > 0) keeping.set(k, n);
      else keeping.delete(k);
    }
  }

  /**
   * Keeps files' bytes and records them with `record` in one transaction before anything else
   * happens to them; until the rows commit the copies are held. When keeping or recording fails,
   * the copies no one needs are removed again.
   */
  async function keepAll(jobId: string, firstSeq: number, componentId: string, files: SourceFile[], record: (items: IntakeItem[]) => void): Promise<IntakeItem[]> {
    const items: IntakeItem[] = [];
    let recorded = false;
    try {
      for (const [n, file] of files.entries()) {
        const sha = sha256Hex(file.data);
        const ext = intakeExt(file.name);
        const k = keptKey(sha, ext);
        keeping.set(k, holds(k) + 1);
        items.push({ id: crypto.randomUUID(), jobId, seq: firstSeq + n, componentId, sha256: sha, ext, name: file.name, source: file.source, state: 'pending', pages: null, error: null });
        await removing.get(k);
        await kept.put(file.data, ext);
      }
      app.store.tx(() => record(items));
      recorded = true;
      return items;
    } finally {
      letGo(items);
      if (!recorded) for (const i of items) void release(i);
    }
  }
  /** The kept copy is deleted once no pending intake needs it and this process is not keeping it. */
  async function release(item: { sha256: string; ext: string }): Promise<void> {
    const k = keptKey(item.sha256, item.ext);
    try {
      if (keeping.has(k) || app.store.intake.pendingWithSha(item.sha256, item.ext)) return;
      const gone = fs.promises
        .rm(kept.pathOf(item.sha256, item.ext), { force: true })
        .catch(() => undefined)
        .finally(() => {
        if (removing.get(k) === gone) removing.delete(k);
      });
      removing.set(k, gone);
      await gone;
    } catch {
      // Left for the next start's clean-up.
    }
  }

  /** Imports one kept file of a job; its intake row ends done, duplicate or failed. */
  async function importItem(ctx: ServiceContext, job: Job, item: IntakeItem, ocrTasks: Promise<void>[]): Promise<number> {
    try {
      const data = await kept.read(item.sha256, item.ext);
      return await importOne(ctx, job, item.componentId, { name: item.name, data, source: item.source as SourceFile['source'] }, ocrTasks, item.id);
    } catch (err) {
      if (closed) throw err;
      const payload = toErrorPayload(err);
      try {
        app.store.tx(() => app.store.intake.finishItem(item.id, payload.code === 'CONFLICT' ? 'duplicate' : 'failed', null, payload.message, nowIso(app)));
      } catch {
        // A full disk: the item stays pending and is tried again at the next start.
      }
      throw err;
    } finally {
      if (!closed) void release(item);
    }
  }

  /**
   * Runs an import job: first the files already kept for it (an upload, or what a killed process
   * left), then any that still come from a source (a scanner), each kept before it is imported.
   */
  async function runImport(ctx: ServiceContext, job: Job, files: AsyncIterable<SourceFile> | Iterable<SourceFile> | null, componentId: string): Promise<void> {
    const ocrTasks: Promise<void>[] = [];
    let pages = 0;
    const one = async (item: IntakeItem) => {
      try {
        pages += await importItem(ctx, job, item, ocrTasks);
      } catch (err) {
        if (closed) return;
        // Page errors are already on the job; only report the file when it failed as a whole.
        if (!job.errors.some((e) => e.item.startsWith(`${item.name} (trang`))) fail(job, item.name, err);
      } finally {
        if (!closed) {
          job.done++;
          publish(job);
        }
      }
    };
    const items = app.store.intake.items(job.id);
    for (const item of items) {
      if (closed) return;
      if (item.state === 'done') pages += item.pages ?? 0;
      if (item.state !== 'pending') continue;
      await one(item);
    }
    if (files) {
      let seq = items.length;
      try {
        for await (const file of files) {
          if (closed) return;
          const item = (await keepAll(job.id, seq++, componentId, [file], ([i]) => app.store.intake.insertItem(i!, nowIso(app))))[0]!;
          job.total = Math.max(job.total, seq);
          await one(item);
        }
      } catch (err) {
        // The source itself failed (scanner jammed, no device): pages already taken are kept.
        if (closed) return;
        fail(job, job.kind === 'scan' ? 'Máy quét' : 'Nguồn tệp', err);
      }
    }
    await Promise.all(ocrTasks);
    if (closed) return;
    job.state = pages === 0 && job.errors.length > 0 ? 'failed' : 'done';
    job.message = `Đã nhận ${pages} trang${job.errors.length ? `, ${job.errors.length} lỗi` : ''}.`;
    publish(job);
  }

  function launchImport(ctx: ServiceContext, job: Job, componentId: string, files: AsyncIterable<SourceFile> | Iterable<SourceFile> | null): void {
    runImport(ctx, job, files, componentId).catch((err) => {
      if (closed) return;
      job.state = 'failed';
      fail(job, job.message, err);
    });
  }

  /**
   * An import whose files are all at hand (uploads, the CLI): every file is kept and recorded with
   * its job before the job id is returned, so an acknowledged upload survives a kill.
   */
  async function startImport(ctx: ServiceContext, kind: Job['kind'], componentId: string, files: SourceFile[], message: string): Promise<{ jobId: string }> {
    requireSession(ctx);
    component(componentId);
    const jobId = crypto.randomUUID();
    const job: Job = { id: jobId, kind, state: 'running', done: 0, total: files.length, message, errors: [] };
    await keepAll(jobId, 0, componentId, files, (items) => {
      app.store.intake.insertJob({ ...job, componentId, officerId: ctx.session?.officer.id ?? null }, nowIso(app));
      for (const item of items) app.store.intake.insertItem(item, nowIso(app));
    });
    jobSaved.set(job.id, { at: Date.now(), errors: 0, state: job.state });
    track(job);
    launchImport(ctx, job, componentId, null);
    return { jobId };
  }

  /** An import from a source that yields files over time (a scanner): each is kept as it comes. */
  function startStream(ctx: ServiceContext, kind: Job['kind'], componentId: string, files: AsyncIterable<SourceFile> | Iterable<SourceFile>, message: string): { jobId: string } {
    requireSession(ctx);
    component(componentId);
    const job = newJob(kind, 0, message, { ctx, componentId });
    launchImport(ctx, job, componentId, files);
    return { jobId: job.id };
  }

  // --- PDF --------------------------------------------------------------------------------------
  async function runBuild(ctx: ServiceContext, sign: Signer, job: Job, componentId: string, resultCode: string | null): Promise<void> {
    const session = requireSession(ctx);
    const c = component(componentId);
    const dossier = app.store.dossiers.get(c.dossierId)!;
    let pages = app.store.pages.list(componentId);
    // Wait for OCR still running on these pages (import finishing in the background).
    await Promise.allSettled(pages.map((p) => inFlight.get(p.id)).filter(Boolean));
    for (const p of pages.filter((p) => p.ocrStatus === 'pending' || p.ocrStatus === 'running')) await queueOcr(p.id).catch(() => undefined);
    pages = app.store.pages.list(componentId);
    if (pages.length === 0) throw new AppError('NOT_FOUND', 'Thành phần hồ sơ chưa có trang nào để tạo PDF.');
    // Pages going into the PDF without their text (OCR failed or still to come).
    const lacking = pages.filter((p) => p.textSource === 'ocr' && !p.blank && p.ocrStatus !== 'done').map((p) => p.id);
    job.total = pages.length + 1;
    publish(job);
    const inputs: Array<PdfImagePage | PdfCopiedPage> = [];
    for (const p of pages) {
      if (p.textSource === 'pdf' && p.sourcePdfId) {
        inputs.push(toPdfPage({ pdf: await blobs.read(p.sourcePdfId, 'pdf'), pageIndex: p.sourcePdfPage ?? 0 }));
      } else {
        const image = await blobs.read(p.imageId, p.imageExt);
        inputs.push(toPdfPage({ image, mime: p.imageExt === 'jpg' ? 'image/jpeg' : 'image/png', width: p.width, height: p.height, dpi: p.dpi, placement: p.placement }, p.lines));
      }
      job.done++;
      publish(job);
    }
    const fileStem = componentFileStem(dossier.code, c.sequence);
    const bytes = await buildSearchablePdf(inputs, {
      title: `${fileStem} ${c.name}`,
      dossierCode: dossier.code,
      component: c.name,
      officer: session.officer.fullName,
      createdAt: ctx.now(),
    });
    const { bytes: signed, signedBy } = await sign(bytes, { dossierCode: dossier.code, component: c.name });
    const stored = await blobs.put(signed, 'pdf');
    const at = nowIso(app);
    app.store.tx(() => {
      const old = app.store.dossiers.component(componentId)?.digitization.fileId;
      if (old && old !== stored.id) app.store.intake.markStale(old, 'pdf', at);
      app.store.dossiers.setComponentDigitization(componentId, {
        fileId: stored.id,
        fileExt: 'pdf',
        resultCode: resultCode ?? fileStem,
        digitizedAt: at,
        pageCount: pages.length,
        signedBy,
      });
      app.store.dossiers.touch(dossier.id, at);
      app.store.stats.refreshFacts(dossier.id);
      audit(ctx, 'digitize', 'component', componentId, { dossier: dossier.code, file: stored.id, pages: pages.length, resultCode: resultCode ?? fileStem, signedBy });
    });
    job.done = job.total;
    job.state = 'done';
    job.message = `Đã tạo tệp PDF ${fileStem}.pdf (${pages.length} trang)${signedBy ? `, đã ký số bởi ${signedBy}` : ''}.`;
    publish(job);
    app.emit('dossier.changed', { dossierId: dossier.id });
    void sweepStale();
    // Text that arrived while the PDF was being made: it is stale already.
    if (lacking.some((id) => app.store.pages.get(id)?.ocrStatus === 'done') && !closed) {
      app.store.tx(() => invalidate(componentId));
      rebuildLater(componentId);
    }
  }

  const unsignedSigner: Signer = async (pdf) => ({ bytes: pdf, signedBy: null });

  /**
   * A PDF build as a job recorded with what resuming it needs: who builds it, the result code, and
   * whether it signs (a signing build cannot resume after a restart: its key is locked again).
   */
  function startBuild(ctx: ServiceContext, sign: Signer, componentId: string, resultCode: string | null, signed: boolean, resume?: Job): { jobId: string; done: Promise<void> } {
    const job = resume ?? newJob('build-pdf', 1, 'Đang tạo tệp PDF', { ctx, componentId, params: { resultCode, signed } });
    if (resume) track(job);
    const done = runBuild(ctx, sign, job, componentId, resultCode).catch((err) => {
      if (closed) return;
      job.state = 'failed';
      job.message = toErrorPayload(err).message;
      fail(job, 'PDF', err);
    });
    return { jobId: job.id, done };
  }

  // --- scan-to-folder ---------------------------------------------------------------------------
  // The watcher runs only while the officer has chosen where scans go: with no target, files stay
  // in the share untouched (nothing is claimed, so nothing can be lost or misfiled).
  function publishCapture(): void {
    app.emit('capture.status', { ...capture });
  }
  function onFolderEvent(e: FolderWatchEvent): void {
    if (e.type === 'folder-unreadable') capture.lastError = e.error.message;
    else if (e.type === 'folder-ok') capture.lastError = null;
    else if (e.type === 'imported') capture.imported++;
    else if (e.type === 'failed') capture.lastError = `${e.name}: ${e.error.message}`;
    else if (e.type === 'duplicate') capture.lastError = `${e.name}: tệp đã được nhập trước đó.`;
    else if (e.type === 'incomplete') capture.lastError = `${e.name}: đang chờ máy quét ghi xong tệp (${e.reason}).`;
    else if (e.type === 'retry-later') capture.lastError = `${e.name}: ${e.error.message} Tệp được giữ lại và sẽ nhập lại sau.`;
    else return;
    publishCapture();
  }
  /**
   * The watcher belongs to the officer who chose the target: files it takes are imported in their
   * name (audit, pages), and it stops when their session ends or locks.
   */
  function restartWatcher(owner: ServiceContext | null): void {
    watchAbort?.abort();
    watchAbort = null;
    watchOwner = owner;
    const folder = getSettings(app).watchFolder.trim();
    capture.watchFolder = folder;
    capture.watching = false;
    const target = capture.targetComponentId;
    if (!folder || !target || closed || !owner) return publishCapture();
    const abort = new AbortController();
    watchAbort = abort;
    const watcher = new FolderWatcher({
      folder,
      store: {
        // Any earlier import of the same bytes (from any source) counts: a rescanned page that is
        // byte-identical was already taken.
        seen: (sha) => app.store.pages.importedFile(sha) !== null,
        remember: () => undefined, // importOne records the file in the same transaction as its pages
      },
      onEvent: onFolderEvent,
    });
    capture.watching = true;
    publishCapture();
    watcher
      .run(async (file) => {
        // The claimed file is kept and recorded before it is imported: a kill from here on is
        // resumed at the next start (the share's copy has already been moved aside).
        const job = newJob('import', 1, `Thư mục quét: ${file.name}`, { ctx: owner, componentId: target });
        const item = (await keepAll(job.id, 0, target, [{ name: file.name, data: file.data, source: 'folder' }], ([i]) => app.store.intake.insertItem(i!, nowIso(app))))[0]!;
        const ocrTasks: Promise<void>[] = [];
        try {
          await importItem(owner, job, item, ocrTasks);
          job.done++;
          await Promise.all(ocrTasks);
          job.state = 'done';
          job.message = `Đã nhận ${file.name}.`;
        } catch (err) {
          job.state = 'failed';
          job.message = toErrorPayload(err).message;
          throw err;
        } finally {
          publish(job);
        }
      }, abort.signal)
      .catch((err) => {
        capture.lastError = toErrorPayload(err).message;
        capture.watching = false;
        publishCapture();
      });
  }

  // --- handlers ---------------------------------------------------------------------------------
  const handlers: Pick<Handlers, DigitizeMethods> = {
    'capture.devices': async (_i, ctx) => listCaptureDevices(getSettings(app)),
    'capture.status': (_i, ctx) => {
      return { ...capture, watchFolder: getSettings(app).watchFolder };
    },
    'capture.setTarget': (i, ctx) => {
      if (i.componentId) component(i.componentId);
      const officerId = i.componentId ? requireSession(ctx).officer.id : null;
      // Kept across restarts with its officer: the watcher starts again when they sign in.
      app.store.tx(() => app.store.intake.setCaptureTarget(i.componentId && officerId ? { componentId: i.componentId, officerId } : null, nowIso(app)));
      capture.targetComponentId = i.componentId;
      pendingOwner = null;
      restartWatcher(i.componentId ? ctx : null);
      return { ...capture };
    },
    'digitize.importFiles': (i: MethodParsedInput<'digitize.importFiles'>, ctx) => {
      requireSession(ctx);
      component(i.componentId);
      const files = i.files.map((f) => ({ name: f.name, data: Buffer.from(f.dataBase64, 'base64'), source: 'file' as const }));
      return startImport(ctx, 'import', i.componentId, files, `Nhập ${files.length} tệp`);
    },
    'digitize.scan': (i, ctx) => {
      const settings = getSettings(app);
      const pages = scanPages(i.deviceId, { dpi: settings.scanDpi, color: settings.scanColor, adf: i.adf });
      return startStream(ctx, 'scan', i.componentId, pages, 'Đang quét');
    },
    'digitize.pages': (i, ctx) => {
      component(i.componentId);
      return app.store.pages.list(i.componentId).map(publicPage);
    },
    'digitize.reorder': (i, ctx) => {
      const existing = new Set(app.store.pages.list(i.componentId).map((p) => p.id));
      if (i.pageIds.some((id) => !existing.has(id))) throw new AppError('BAD_REQUEST', 'Danh sách trang không thuộc thành phần hồ sơ này.');
      app.store.tx(() => {
        app.store.pages.renumber(i.componentId, i.pageIds);
        invalidate(i.componentId);
        audit(ctx, 'reorder', 'component', i.componentId, { pages: i.pageIds.length });
      });
      app.emit('pages.changed', { componentId: i.componentId });
      return app.store.pages.list(i.componentId).map(publicPage);
    },
    'digitize.rotate': async (i, ctx) => {
      const p = page(i.pageId);
      // The officer's turn is applied on top of the page's placement and the result stored upright:
      // a new image, so the renderer's URLs (named by image) change with it.
      const turn = (((p.placement?.turn ?? 0) + i.degrees) % 360) as ImagePlacement['turn'];
      const pipe = await renderPlaced(await blobs.read(p.imageId, p.imageExt), { turn, skew: p.placement?.skew ?? 0 });
      const rotated = await pipe.toFormat(p.imageExt === 'jpg' ? 'jpeg' : 'png').toBuffer({ resolveWithObject: true });
      const img = await storeImage(rotated.data, p.imageExt === 'jpg' ? 'image/jpeg' : 'image/png', null);
      const rotation = ((p.rotation + i.degrees) % 360) as Page['rotation'];
      app.store.tx(() => {
        app.store.pages.setImage(p.id, { ...img, width: rotated.info.width, height: rotated.info.height, rotation, placement: null, at: nowIso(app) });
        if (p.textSource !== 'pdf') app.store.pages.setOcrStatus(p.id, 'pending', nowIso(app));
        invalidate(p.componentId);
        audit(ctx, 'rotate', 'page', p.id, { degrees: i.degrees });
      });
      if (p.textSource !== 'pdf' && !p.blank) queueOcr(p.id).catch(() => undefined);
      app.emit('pages.changed', { componentId: p.componentId });
      return publicPage(page(p.id));
    },
    'digitize.deletePage': (i, ctx) => {
      const p = page(i.pageId);
      app.store.tx(() => {
        app.store.pages.delete(p.id);
        app.store.pages.renumber(p.componentId, []);
        invalidate(p.componentId);
        audit(ctx, 'delete', 'page', p.id, { component: p.componentId, source: p.sourceName });
      });
      app.emit('pages.changed', { componentId: p.componentId });
      return { ok: true as const };
    },
    'digitize.movePages': (i, ctx) => {
      const target = component(i.toComponentId);
      const moving = i.pageIds.map(page);
      const from = new Set(moving.map((p) => p.componentId));
      app.store.tx(() => {
        app.store.pages.move(i.pageIds, target.id);
        for (const c of from) app.store.pages.renumber(c, []);
        for (const c of [...from, target.id]) invalidate(c);
        audit(ctx, 'move', 'page', null, { pages: i.pageIds, to: target.id });
      });
      for (const c of new Set([...from, target.id])) app.emit('pages.changed', { componentId: c });
      return { ok: true as const };
    },
    'digitize.pageText': (i, ctx) => {
      const p = page(i.pageId);
      return { text: p.text, words: p.lines.flatMap((l) => l.words) };
    },
    'digitize.correctPage': (i, ctx) => {
      const p = page(i.pageId);
      const text = nfc(i.text);
      app.store.tx(() => {
        app.store.pages.setText(p.id, {
          text,
          lines: realignText(p.lines, text, { width: p.width, height: p.height }),
          confidence: p.confidence,
          needsReview: false,
          source: 'manual',
          folded: foldVietnamese(text),
          at: nowIso(app),
        });
        invalidate(p.componentId);
        audit(ctx, 'correct-text', 'page', p.id, { chars: text.length });
      });
      app.emit('pages.changed', { componentId: p.componentId });
      return publicPage(page(p.id));
    },
    'digitize.buildPdf': (i, ctx) => {
      component(i.componentId);
      // Who signs is fixed now (a locked or expired certificate is refused before any work).
      const sign = captureSigner(ctx);
      const signed = app.store.certificates.get(requireSession(ctx).officer.id) !== null;
      return { jobId: startBuild(ctx, sign, i.componentId, i.resultCode ?? null, signed).jobId };
    },
    'jobs.get': (i, ctx) => {
      const job = findJob(i.jobId);
      if (!job) throw new AppError('NOT_FOUND', 'Không tìm thấy công việc.');
      return job;
    },
    'search.fullText': (i, ctx) => {
      const terms = searchTerms(i.query).map((t) => t.replace(/"/g, ''));
      if (terms.length === 0) return [];
      // The index keeps y; each term is tried in its i/y spellings ("đăng kí" finds "Đăng ký").
      const match = terms.map((t, n) => `(${iyVariants(t).map((v) => `"${v}"${n === terms.length - 1 ? '*' : ''}`).join(' OR ')})`).join(' AND ');
      return app.store.pages
        .search(match, i.limit)
        .map((hit) => {
          const where = app.store.pages.hitContext(hit.pageId);
          // The original text (accents and all) around the match, marked [[…]]; the index holds only folded text.
          const text = app.store.pages.get(hit.pageId)?.text;
          return where ? { ...where, pageId: hit.pageId, snippet: text ? markMatches(text, terms) : hit.snippet } : null;
        })
        .filter((h): h is NonNullable<typeof h> => h !== null);
    },
  };

  // --- start: what a killed process left ---------------------------------------------------------
  /** Temp files of writes a killed process never finished (e.g. a PDF build's), in the stores. */
  async function removeLeftoverTemps(): Promise<void> {
    const mine = `.${process.pid}.`;
    const walk = async (dir: string, depth: number): Promise<void> => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory() && depth > 0) await walk(full, depth - 1);
        else if (e.isFile() && e.name.startsWith('.') && e.name.endsWith('.tmp') && !e.name.includes(mine)) await fs.promises.rm(full, { force: true }).catch(() => undefined);
      }
    };
    await walk(blobs.root, 3);
    await walk(kept.root, 3);
    // Kept copies no pending intake needs (a kill before their row committed, or before their
    // deletion), however recent: a copy this process is keeping now is held (see keepAll).
    for (const shard of await fs.promises.readdir(kept.root).catch(() => [] as string[])) {
      for (const sub of await fs.promises.readdir(path.join(kept.root, shard)).catch(() => [] as string[])) {
        for (const name of await fs.promises.readdir(path.join(kept.root, shard, sub)).catch(() => [] as string[])) {
          const m = /^([0-9a-f]{64})\.([a-z0-9]{1,10})$/.exec(name);
          if (!m || closed) continue;
          await release({ sha256: m[1]!, ext: m[2]! });
        }
      }
    }
  }

  function resumeJobs(left: StoredJob[]): void {
    for (const stored of left) {
      if (jobs.has(stored.id)) continue;
      const job = publicJob(stored);
      const ctx = resumeContext(stored.officerId);
      const failWith = (message: string) => {
        job.state = 'failed';
        job.message = message;
        job.errors.push({ item: job.kind === 'build-pdf' ? 'PDF' : 'Công việc', message });
        jobSaved.delete(job.id);
        track(job);
      };
      if (stored.kind === 'build-pdf') {
        // A signing build cannot go on: the key was locked by the restart.
        if (stored.params.signed) failWith(BUILD_INTERRUPTED_SIGNED);
        else if (!ctx || !stored.componentId || !app.store.dossiers.component(stored.componentId)) failWith('Ứng dụng đã khởi động lại khi đang tạo PDF; hãy bấm Tạo PDF lại.');
        else startBuild(ctx, unsignedSigner, stored.componentId, (stored.params.resultCode as string | null) ?? null, false, job);
        continue;
      }
      const items = app.store.intake.items(job.id);
      if (!ctx || !stored.componentId) {
        failWith('Không tiếp tục được việc nhập tệp sau khi khởi động lại (không còn cán bộ đã bắt đầu).');
        continue;
      }
      job.done = items.filter((i) => i.state !== 'pending').length;
      job.total = Math.max(job.total, items.length);
      track(job);
      launchImport(ctx, job, stored.componentId, null);
    }
  }

  function resumeOcr(): void {
    // Pages whose OCR was cut short by a killed process (or that failed, a few times at most) are
    // finished now: nothing captured is lost.
    const resumable = [...app.store.pages.unfinished(), ...app.store.pages.retryable(MAX_OCR_ATTEMPTS)].filter((p) => p.textSource !== 'pdf' && !p.blank);
    for (const p of resumable) queueOcr(p.id).catch(() => undefined);
  }

  {
    // The scan-to-folder target outlives a restart; its watcher waits for its officer's sign-in.
    const target = app.store.intake.captureTarget();
    if (target && app.store.dossiers.component(target.componentId)) {
      capture.targetComponentId = target.componentId;
      pendingOwner = target.officerId;
    }
    try {
      const before = new Date(app.now().getTime() - KEEP_JOBS_DAYS * 86_400_000).toISOString();
      app.store.tx(() => {
        app.store.intake.pruneJobs(before);
        app.store.intake.pruneItems(before);
      });
    } catch {
      // Pruning never stops the start.
    }
    // Read now, before any call of this process can start a job of its own.
    const left = app.store.intake.unfinishedJobs();
    setTimeout(() => {
      if (closed) return;
      void removeLeftoverTemps();
      void sweepStale();
      resumeJobs(left);
      resumeOcr();
    }, 0).unref?.();
  }

  return {
    handlers,
    /** The OCR engine (started on first use), shared with the card-front fallback (main/idcard). */
    ocrEngine: ocr,
    /** Folder watcher and CLI reuse the same import pipeline. */
    importFiles: (ctx: ServiceContext, componentId: string, files: SourceFile[]) => startImport(ctx, 'import', componentId, files, 'Nhập tệp'),
    waitForJob: (jobId: string) => waitForJob(findJob, jobId),
    async resolveFile(kind: FileKind, id: string): Promise<StoredFile | null> {
      if (!/^[0-9a-f]{64}$/.test(id)) return null;
      if (kind === 'pdf') {
        const ref = app.store.dossiers.componentFile(id);
        return ref ? { path: blobs.pathOf(id, ref.ext), mime: 'application/pdf', name: `${componentFileStem(ref.dossierCode, ref.sequence)}.pdf` } : null;
      }
      if (kind === 'thumb') {
        const thumb = app.store.pages.thumbOfImage(id);
        return thumb ? { path: blobs.pathOf(thumb, 'jpg'), mime: 'image/jpeg' } : null;
      }
      const ref = app.store.pages.imageRef(id);
      return ref ? displayFile(id, ref.ext, ref.placement) : null;
    },
    /** Settings changed (watch folder): the watcher follows. */
    settingsChanged: () => restartWatcher(watchOwner),
    /** A session ended or locked: a watcher importing in its name stops (the target is kept off). */
    sessionEnded(sessionId: string): void {
      if (watchOwner?.sessionId !== sessionId) return;
      capture.targetComponentId = null;
      pendingOwner = null;
      try {
        app.store.tx(() => app.store.intake.setCaptureTarget(null, nowIso(app)));
      } catch {
        // The watcher stops anyway.
      }
      restartWatcher(null);
    },
    /** An officer signed in: a target they kept before a restart starts watching again. */
    sessionStarted(sessionId: string): void {
      const ctx = callContext(app, sessionId);
      if (!pendingOwner || ctx.session?.officer.id !== pendingOwner || watchOwner) return;
      pendingOwner = null;
      restartWatcher(ctx);
    },
    async close(): Promise<void> {
      closed = true;
      watchAbort?.abort();
      for (const t of retryTimers) clearTimeout(t);
      await Promise.allSettled([...inFlight.values()]);
      if (engine) await (await engine.catch(() => null))?.close();
    },
  };
}

/** Circular 01/2019: the file is named by the dossier code and a sequence number. */
export function componentFileStem(dossierCode: string, sequence: number): string {
  return `${dossierCode}-${String(sequence).padStart(2, '0')}`;
}

async function waitForJob(findJob: (id: string) => Job | null, jobId: string): Promise<Job> {
  for (;;) {
    const job = findJob(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'Không tìm thấy công việc.');
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}
