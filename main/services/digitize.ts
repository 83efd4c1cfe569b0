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
import type { StoredPage } from '../data/repos/pages';
import { BlobStore, sha256Hex } from '../storage/blob-store';
import { decodeFile, isPageError } from '../capture/decode';
import { cleanupPage } from '../imaging/cleanup';
import { isUpright, renderPlaced, type ImagePlacement } from '../imaging/placement';
import { toPgm } from '../imaging/pgm';
import { writeFileAtomic } from '../fs/atomic';
import type { CleanPage, DecodedPage, OcrHints, OcrLine } from '../ocr/types';
import { buildSearchablePdf, type PdfCopiedPage, type PdfImagePage } from '../pdf/searchable-pdf';
import { audit, nowIso, requireSession, type AppContext, type ServiceContext } from './context';
import { captureSigner, type Signer } from './signing';
import { getSettings } from './settings';
import { realignText } from './realign-text';
import { listCaptureDevices, scanPages } from './capture-devices';
import type { OcrEngine } from './ocr-engine';
import { release } from '../imaging/release';

/** A page image to read and what is already known about it. */
interface OcrInput {
  image: Buffer;
  hints: OcrHints;
  /** The image is clean-up's OCR copy, made for this reading alone (not the file's own bytes). */
  ownCopy: boolean;
}

export type { OcrEngine };

export interface DigitizerOptions {
  ocrPoolSize?: number;
  /** Tests inject a fake engine; production lazily starts the tesseract.js pool. */
  ocrFactory?: () => Promise<OcrEngine>;
}

export interface SourceFile {
  name: string;
  data: Buffer;
  source: 'file' | 'folder' | 'sane' | 'wia' | 'camera';
}

const THUMB_WIDTH = 320;
const MAX_FINISHED_JOBS = 200;

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
  const blobs = new BlobStore(path.join(app.dataDir, 'files'));
  const jobs = new Map<string, Job>();
  /** OCR in flight per page, so building a PDF waits for its pages and nothing runs twice. */
  const inFlight = new Map<string, Promise<void>>();
  let engine: Promise<OcrEngine> | null = null;
  let closed = false;
  const capture: CaptureStatus = { targetComponentId: null, watchFolder: '', watching: false, lastError: null, imported: 0 };
  let watchAbort: AbortController | null = null;
  let watchOwner: ServiceContext | null = null;

  const ocr = (): Promise<OcrEngine> => {
    engine ??= (opts.ocrFactory ?? (() => defaultOcrFactory(app.dataDir, opts.ocrPoolSize)))();
    return engine;
  };

  // --- jobs -------------------------------------------------------------------------------------
  function newJob(kind: Job['kind'], total: number, message: string): Job {
    const job: Job = { id: crypto.randomUUID(), kind, state: 'running', done: 0, total, message, errors: [] };
    jobs.set(job.id, job);
    // A desk runs hundreds of jobs a day: keep only the most recent finished ones.
    const finished = [...jobs.values()].filter((j) => j.state === 'done' || j.state === 'failed');
    for (const old of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_JOBS))) jobs.delete(old.id);
    publish(job);
    return job;
  }
  function publish(job: Job): void {
    app.emit('job.progress', { ...job, errors: [...job.errors] });
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
      app.store.dossiers.clearComponentDigitization(componentId);
      app.emit('dossier.changed', { dossierId: c.dossierId });
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
  function queueOcr(pageId: string, input: OcrInput | null): Promise<void> {
    const running = inFlight.get(pageId);
    if (running) return running;
    const task = (async () => {
      const at = () => nowIso(app);
      try {
        const p = page(pageId);
        app.store.pages.setOcrStatus(pageId, 'running', at());
        const { image, hints } = input ?? { image: await uprightForOcr(p), hints: { dpi: p.dpi } };
        const result = await (await ocr()).recognize(image, hints).finally(() => {
          // Clean-up's OCR copy and layout exist for this reading only (release.ts).
          if (input?.ownCopy) release(input.image, input.hints.layout?.ink);
        });
        if (closed) return;
        const lines = scaleLines(result.lines, p.width / (result.width || p.width), p.height / (result.height || p.height));
        const threshold = getSettings(app).lowConfidenceThreshold;
        const text = nfc(result.text);
        app.store.tx(() =>
          app.store.pages.setText(pageId, {
            text,
            lines,
            confidence: result.confidence,
            needsReview: text.trim().length > 0 && result.confidence < threshold,
            source: 'ocr',
            folded: foldVietnamese(text),
            at: at(),
          }),
        );
      } catch (err) {
        if (closed) return;
        if (app.store.pages.get(pageId)) app.store.pages.setOcrStatus(pageId, 'failed', at(), toErrorPayload(err).message);
        throw err;
      } finally {
        inFlight.delete(pageId);
        const p = app.store.pages.get(pageId);
        if (p && !closed) app.emit('pages.changed', { componentId: p.componentId });
      }
    })();
    inFlight.set(pageId, task);
    return task;
  }

  // --- import -----------------------------------------------------------------------------------
  async function addPage(componentId: string, file: SourceFile, sha: string, decoded: DecodedPage): Promise<{ pageId: string; ocr: OcrInput | null }> {
    const at = nowIso(app);
    const pageId = crypto.randomUUID();
    const suffix = decoded.index > 0 || decoded.textLayer ? ` (trang ${decoded.index + 1})` : '';
    if (decoded.textLayer) {
      // A PDF that already has text is kept as it is: its page is copied into the result, not OCRed.
      const pdf = await blobs.put(decoded.textLayer.pdf, 'pdf');
      const img = await storeImage(decoded.image, 'image/png', null);
      const text = nfc(decoded.textLayer.text);
      app.store.tx(() => {
        app.store.pages.insert({
          id: pageId, componentId, ...img, sourceName: file.name + suffix, sourceSha256: sha,
          width: decoded.width, height: decoded.height, dpi: decoded.dpi ?? 150, color: decoded.color, rotation: 0, placement: null,
          blank: false, ocrStatus: 'skipped', text, textSource: 'pdf', sourcePdfId: pdf.id, sourcePdfPage: decoded.textLayer!.pageIndex, at,
        });
        app.store.pages.setText(pageId, { text, lines: [], confidence: null, needsReview: false, source: 'pdf', folded: foldVietnamese(text), at });
      });
      return { pageId, ocr: null };
    }
    const ocrEngine = await ocr();
    const clean = await cleanupPage(decoded.image, {
      dpi: decoded.dpi,
      orientation: ocrEngine.detectOrientation ? (q) => ocrEngine.detectOrientation!(q) : undefined,
    });
    const img = await storeImage(clean.image, clean.mime, clean.placement);
    app.store.tx(() =>
      app.store.pages.insert({
        id: pageId, componentId, ...img, sourceName: file.name + suffix, sourceSha256: sha, placement: clean.placement,
        width: clean.width, height: clean.height, dpi: clean.dpi, color: clean.color, rotation: clean.rotation,
        blank: clean.blank, ocrStatus: clean.blank ? 'skipped' : 'pending', text: '', textSource: 'ocr', sourcePdfId: null, sourcePdfPage: null, at,
      }),
    );
    return { pageId, ocr: clean.blank ? null : { image: clean.ocrImage ?? clean.image, hints: clean.ocrHints ?? { dpi: clean.dpi }, ownCopy: clean.ocrImage !== undefined } };
  }

  /**
   * Imports one source file into a component: every page that decodes is stored and queued for
   * OCR (tracked in `ocrTasks`); page errors are recorded on the job. Throws when nothing of the
   * file could be taken, so callers (folder watch) can put the file aside as failed.
   */
  async function importOne(ctx: ServiceContext, job: Job, componentId: string, file: SourceFile, ocrTasks: Promise<void>[]): Promise<number> {
    if (file.data.length === 0) throw new AppError('FILE_EMPTY');
    const sha = sha256Hex(file.data);
    // A file uploaded or dropped twice is a mistake; a scanner's pages are fresh captures (its
    // test patterns can even be byte-identical), so they are never refused as duplicates.
    const seen = file.source === 'file' || file.source === 'folder' ? app.store.pages.importedFile(sha) : null;
    if (seen && seen.componentId === componentId) {
      throw new AppError('CONFLICT', `Tệp này đã được nhập vào thành phần hồ sơ trước đó (${seen.name}).`);
    }
    let filePages = 0;
    let firstError: unknown = null;
    for await (const item of decodeFile({ name: file.name, data: file.data })) {
      if (closed) break;
      const label = `${file.name} (trang ${item.index + 1})`;
      if (isPageError(item)) {
        firstError ??= item.error;
        fail(job, label, item.error);
        continue;
      }
      try {
        const added = await addPage(componentId, file, sha, item);
        filePages++;
        invalidate(componentId);
        app.emit('pages.changed', { componentId });
        if (added.ocr) {
          job.total++;
          ocrTasks.push(
            queueOcr(added.pageId, added.ocr).then(
              () => {
                job.done++;
                publish(job);
              },
              (err) => {
                job.done++;
                fail(job, label, err);
              },
            ),
          );
        }
      } catch (err) {
        firstError ??= err;
        fail(job, label, err);
      }
    }
    if (filePages === 0) throw firstError ?? new AppError('FILE_CORRUPT');
    app.store.tx(() => {
      app.store.pages.rememberImport(sha, file.name, file.source, componentId, nowIso(app));
      audit(ctx, 'import', 'component', componentId, { file: file.name, source: file.source, sha256: sha, pages: filePages });
    });
    return filePages;
  }

  async function runImport(ctx: ServiceContext, job: Job, componentId: string, files: AsyncIterable<SourceFile> | Iterable<SourceFile>): Promise<void> {
    const ocrTasks: Promise<void>[] = [];
    let pages = 0;
    try {
      for await (const file of files) {
        if (closed) return;
        try {
          pages += await importOne(ctx, job, componentId, file, ocrTasks);
        } catch (err) {
          // Page errors are already on the job; only report the file when it failed as a whole.
          if (!job.errors.some((e) => e.item.startsWith(`${file.name} (trang`))) fail(job, file.name, err);
        } finally {
          job.done++;
          publish(job);
        }
      }
    } catch (err) {
      // The source itself failed (scanner jammed, no device): pages already taken are kept.
      fail(job, job.kind === 'scan' ? 'Máy quét' : 'Nguồn tệp', err);
    }
    await Promise.all(ocrTasks);
    job.state = pages === 0 && job.errors.length > 0 ? 'failed' : 'done';
    job.message = `Đã nhận ${pages} trang${job.errors.length ? `, ${job.errors.length} lỗi` : ''}.`;
    publish(job);
  }

  function startImport(ctx: ServiceContext, kind: Job['kind'], componentId: string, files: AsyncIterable<SourceFile> | Iterable<SourceFile>, total: number, message: string): { jobId: string } {
    requireSession(ctx);
    component(componentId);
    const job = newJob(kind, total, message);
    runImport(ctx, job, componentId, files).catch((err) => {
      job.state = 'failed';
      fail(job, message, err);
    });
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
    for (const p of pages.filter((p) => p.ocrStatus === 'pending')) await queueOcr(p.id, null).catch(() => undefined);
    pages = app.store.pages.list(componentId);
    if (pages.length === 0) throw new AppError('NOT_FOUND', 'Thành phần hồ sơ chưa có trang nào để tạo PDF.');
    job.total = pages.length + 1;
    publish(job);
    const inputs: Array<PdfImagePage | PdfCopiedPage> = [];
    for (const p of pages) {
      if (p.textSource === 'pdf' && p.sourcePdfId) {
        inputs.push({ pdf: await blobs.read(p.sourcePdfId, 'pdf'), pageIndex: p.sourcePdfPage ?? 0 });
      } else {
        inputs.push({
          image: await blobs.read(p.imageId, p.imageExt),
          mime: p.imageExt === 'jpg' ? 'image/jpeg' : 'image/png',
          width: p.width,
          height: p.height,
          dpi: p.dpi,
          placement: p.placement,
          lines: p.lines,
        });
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
      app.store.dossiers.setComponentDigitization(componentId, {
        fileId: stored.id,
        fileExt: 'pdf',
        resultCode: resultCode ?? fileStem,
        digitizedAt: at,
        pageCount: pages.length,
        signedBy,
      });
      app.store.dossiers.touch(dossier.id, at);
      audit(ctx, 'digitize', 'component', componentId, { dossier: dossier.code, file: stored.id, pages: pages.length, resultCode: resultCode ?? fileStem, signedBy });
    });
    job.done = job.total;
    job.state = 'done';
    job.message = `Đã tạo tệp PDF ${fileStem}.pdf (${pages.length} trang)${signedBy ? `, đã ký số bởi ${signedBy}` : ''}.`;
    publish(job);
    app.emit('dossier.changed', { dossierId: dossier.id });
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
        const job = newJob('import', 1, `Thư mục quét: ${file.name}`);
        const ocrTasks: Promise<void>[] = [];
        try {
          await importOne(owner, job, target, { name: file.name, data: file.data, source: 'folder' }, ocrTasks);
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
      capture.targetComponentId = i.componentId;
      restartWatcher(i.componentId ? ctx : null);
      return { ...capture };
    },
    'digitize.importFiles': (i: MethodParsedInput<'digitize.importFiles'>, ctx) => {
      const files = i.files.map((f) => ({ name: f.name, data: Buffer.from(f.dataBase64, 'base64'), source: 'file' as const }));
      return startImport(ctx, 'import', i.componentId, files, files.length, `Nhập ${files.length} tệp`);
    },
    'digitize.scan': (i, ctx) => {
      const settings = getSettings(app);
      const pages = scanPages(i.deviceId, { dpi: settings.scanDpi, color: settings.scanColor, adf: i.adf });
      return startImport(ctx, 'scan', i.componentId, pages, 0, 'Đang quét');
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
      if (p.textSource !== 'pdf' && !p.blank) queueOcr(p.id, null).catch(() => undefined);
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
      const job = newJob('build-pdf', 1, 'Đang tạo tệp PDF');
      runBuild(ctx, sign, job, i.componentId, i.resultCode).catch((err) => {
        job.state = 'failed';
        job.message = toErrorPayload(err).message;
        fail(job, 'PDF', err);
      });
      return { jobId: job.id };
    },
    'jobs.get': (i, ctx) => {
      const job = jobs.get(i.jobId);
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

  // Pages whose OCR was cut short by a killed process are finished now: nothing captured is lost.
  const resumable = app.store.pages.unfinished().filter((p) => p.textSource !== 'pdf' && !p.blank);
  if (resumable.length > 0) {
    setTimeout(() => {
      for (const p of resumable) queueOcr(p.id, null).catch(() => undefined);
    }, 0).unref?.();
  }

  return {
    handlers,
    /** Folder watcher and CLI reuse the same import pipeline. */
    importFiles: (ctx: ServiceContext, componentId: string, files: AsyncIterable<SourceFile> | Iterable<SourceFile>, total: number) =>
      startImport(ctx, 'import', componentId, files, total, 'Nhập tệp'),
    waitForJob: (jobId: string) => waitForJob(jobs, jobId),
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
      restartWatcher(null);
    },
    async close(): Promise<void> {
      closed = true;
      watchAbort?.abort();
      await Promise.allSettled([...inFlight.values()]);
      if (engine) await (await engine.catch(() => null))?.close();
    },
  };
}

/** Circular 01/2019: the file is named by the dossier code and a sequence number. */
export function componentFileStem(dossierCode: string, sequence: number): string {
  return `${dossierCode}-${String(sequence).padStart(2, '0')}`;
}

function scaleLines(lines: OcrLine[], sx: number, sy: number): OcrLine[] {
  if (Math.abs(sx - 1) < 1e-6 && Math.abs(sy - 1) < 1e-6) return lines;
  const box = (b: OcrLine['bbox']) => ({ x0: b.x0 * sx, y0: b.y0 * sy, x1: b.x1 * sx, y1: b.y1 * sy });
  return lines.map((l) => ({ bbox: box(l.bbox), words: l.words.map((w) => ({ ...w, bbox: box(w.bbox) })) }));
}

async function waitForJob(jobs: Map<string, Job>, jobId: string): Promise<Job> {
  for (;;) {
    const job = jobs.get(jobId);
    if (!job) throw new AppError('NOT_FOUND', 'Không tìm thấy công việc.');
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}
