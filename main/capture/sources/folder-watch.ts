// Scan-to-folder: multifunction printers drop PDFs/JPEGs into a folder, often an SMB share that
// several desks (several app instances) watch at once. Rules that keep every scan imported exactly
// once, even across crashes:
//  - polling, not fs.watch (change notifications are unreliable on SMB and network drives);
//  - a file is taken only when it is complete: its size and mtime have not changed for the quiet
//    time (which tolerates a slow network share), it opens, and its own structure ends (JPEG EOI,
//    PNG IEND, PDF %%EOF with a valid xref, TIFF's last IFD and strips: completeness.ts). A file
//    that stays incomplete and unchanged for `incompleteGraceMs` fails with the reason;
//  - the taker RENAMES it into `.motcua-claimed/` under a name that carries its owner id: rename is
//    atomic, so exactly one instance wins, and the loser just sees ENOENT;
//  - while working on a claim the owner touches its mtime (heartbeat); a claim whose mtime stops
//    changing for `staleClaimMs` (measured on OUR clock, so clock skew between PCs is harmless), or
//    whose owner is a dead process on this same PC, is an orphan and gets re-claimed;
//  - content already imported (same SHA-256 in the injected store) is not imported again;
//  - outcome: `.motcua-done/`, or `.motcua-failed/` plus `<name>.error.txt` in Vietnamese.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError, ERROR_MESSAGES, isDiskFull, type ErrorCode } from '../../../shared/contract/errors';
import { formatVietnamDateTime } from '../../../shared/domain/vietnam-time';
import { writeFileAtomic } from '../../fs/atomic';
import { checkComplete } from '../completeness';
import type { CaptureSource, CapturedFile } from './types';

export const CLAIMED_DIR = '.motcua-claimed';
export const DONE_DIR = '.motcua-done';
export const FAILED_DIR = '.motcua-failed';

/** Remembers which contents were imported. The app backs it with SQLite; tests use MemorySeenStore. */
export interface SeenStore {
  seen(sha256: string): boolean | Promise<boolean>;
  remember(sha256: string, info: { name: string; folder: string }): void | Promise<void>;
}

export class MemorySeenStore implements SeenStore {
  private readonly set = new Set<string>();
  seen(sha256: string): boolean {
    return this.set.has(sha256);
  }
  remember(sha256: string): void {
    this.set.add(sha256);
  }
}

export type FolderWatchEvent =
  | { type: 'claimed'; name: string }
  | { type: 'reclaimed'; name: string }
  | { type: 'imported'; name: string; sha256: string }
  | { type: 'duplicate'; name: string; sha256: string }
  | { type: 'failed'; name: string; error: AppError }
  | { type: 'retry-later'; name: string; error: AppError }
  /** Stopped changing but not finished (its structure does not end): waited for, not taken. */
  | { type: 'incomplete'; name: string; reason: string }
  | { type: 'folder-unreadable'; error: AppError }
  | { type: 'folder-ok' };

export interface WatchedFile {
  /** Original file name, as the scanner wrote it. */
  name: string;
  data: Buffer;
  sha256: string;
}

/** Imports one file; resolve = imported, throw = failed (an AppError's message goes into the .error.txt). */
export type FolderFileHandler = (file: WatchedFile) => Promise<void>;

export interface FolderWatchOptions {
  folder: string;
  store: SeenStore;
  /** Poll interval (default 2 s). */
  intervalMs?: number;
  /** A claim whose heartbeat stopped this long ago is taken over (default 2 min). */
  staleClaimMs?: number;
  /** How often an owner touches its claim while importing (default 15 s; keep ≤ staleClaimMs / 3). */
  heartbeatMs?: number;
  /** A file must stay unchanged this long before it is taken (default 5 s; at least one poll). */
  quietMs?: number;
  /** A file whose structure stays incomplete and unchanged this long fails as truncated (default 10 min). */
  incompleteGraceMs?: number;
  /** A zero-byte file is taken (and fails as empty) only after staying empty this long (default 60 s). */
  emptyGraceMs?: number;
  /** After a disk-full error the file stays claimed and is retried after this delay (default 60 s). */
  retryDelayMs?: number;
  /** Files larger than this fail without being read (default 200 MB). */
  maxBytes?: number;
  /** Which names to take; default: every visible file except partial-download/temp names. */
  accept?: (name: string) => boolean;
  onEvent?: (event: FolderWatchEvent) => void;
  /** Unique per instance; default host.pid.random. */
  ownerId?: string;
  /** Clock (tests). */
  now?: () => number;
}

interface Observed { size: number; mtimeMs: number; firstSeen: number; stableSince: number; incomplete?: string }
interface ClaimObservation { mtimeMs: number; since: number }

const TEMP_NAME = /(\.(tmp|temp|part|partial|crdownload|download|lock)$)|(^~\$)|(^(thumbs\.db|desktop\.ini)$)/i;
const SEP = '~~';

export class FolderWatcher implements CaptureSource<void> {
  readonly id: string;
  readonly kind = 'folder' as const;
  readonly folder: string;
  readonly ownerId: string;

  private readonly opts: Required<Omit<FolderWatchOptions, 'onEvent' | 'ownerId' | 'folder' | 'store'>> & Pick<FolderWatchOptions, 'onEvent'>;
  private readonly store: SeenStore;
  private readonly observed = new Map<string, Observed>();
  private readonly claimObs = new Map<string, ClaimObservation>();
  private readonly inProgress = new WorkingSet();
  private readonly retryAt = new Map<string, number>();
  private unreadable = false;
  private dirsReady = false;
  private seq = 0;
  private scanning: Promise<unknown> = Promise.resolve();

  constructor(options: FolderWatchOptions) {
    this.folder = path.resolve(options.folder);
    this.id = `folder:${this.folder}`;
    this.store = options.store;
    this.ownerId = sanitize(options.ownerId ?? `${os.hostname()}.${process.pid}.${randomBytes(3).toString('hex')}`);
    this.opts = {
      intervalMs: options.intervalMs ?? 2000,
      staleClaimMs: options.staleClaimMs ?? 120_000,
      heartbeatMs: options.heartbeatMs ?? 15_000,
      emptyGraceMs: options.emptyGraceMs ?? 60_000,
      quietMs: options.quietMs ?? 5_000,
      incompleteGraceMs: options.incompleteGraceMs ?? 600_000,
      retryDelayMs: options.retryDelayMs ?? 60_000,
      maxBytes: options.maxBytes ?? 200 * 1024 * 1024,
      accept: options.accept ?? ((n) => !TEMP_NAME.test(n)),
      now: options.now ?? Date.now,
      onEvent: options.onEvent,
    };
  }

  /** One poll: finds stable files and orphaned claims, claims them, and imports each through `handler`. */
  async pollOnce(handler: FolderFileHandler): Promise<void> {
    for (const claimed of await this.scan()) await this.process(claimed, handler);
  }

  /** Polls until `signal` aborts. Never throws for folder problems: they become events. */
  async run(handler: FolderFileHandler, signal?: AbortSignal): Promise<void> {
    while (!signal?.aborted) {
      await this.pollOnce(handler);
      await sleep(this.opts.intervalMs, signal);
    }
  }

  /**
   * CaptureSource view of the same loop. Each yielded file carries `ack`: the file moves to done
   * on `ack.done()` (or when the consumer asks for the next file), to failed on `ack.fail(err)`.
   * If the consumer stops mid-file the claim stays and is retried on the next poll.
   */
  async *capture(_request?: void, signal?: AbortSignal): AsyncGenerator<CapturedFile> {
    while (!signal?.aborted) {
      const batch = await this.scan();
      try {
        for (const claimed of batch) {
          if (signal?.aborted) break;
          yield* this.handOut(claimed);
        }
      } finally {
        // Files claimed in this batch but not handed out stay claimed by us; the next scan (of
        // this instance, or after a restart of the next one) takes them up again.
        for (const c of batch) this.inProgress.delete(c);
      }
      await sleep(this.opts.intervalMs, signal);
    }
  }

  /** Bridges push-style process() to pull-style iteration: the consumer's ack settles the handler. */
  private async *handOut(claimed: string): AsyncGenerator<CapturedFile> {
    let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
    let handed: CapturedFile | undefined;
    let announce!: () => void;
    const handedOut = new Promise<void>((r) => (announce = r));
    const work: Promise<void> = this.process(claimed, (file) => new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
      handed = {
        name: file.name,
        data: file.data,
        ack: {
          done: async () => { resolve(); await work; },
          fail: async (e) => { reject(e); await work; },
        },
      };
      announce();
    }));
    await Promise.race([handedOut, work]); // duplicates, oversize files… never reach the handler
    if (!handed || !settle) return;
    const s = settle as { resolve: () => void; reject: (e: unknown) => void };
    let resumed = false;
    try {
      yield handed;
      resumed = true;
    } finally {
      // Asking for the next file means success; stopping mid-file keeps the claim (never lost).
      if (resumed) s.resolve();
      else s.reject(new ClaimReleased());
      await work;
    }
  }

  // ------------------------------------------------------------------ scanning and claiming

  private dir(sub: string): string {
    return path.join(this.folder, sub);
  }

  /** Scans one at a time per instance (pollOnce/run/capture may overlap). */
  private scan(): Promise<string[]> {
    const next = this.scanning.then(() => this.scanUnlocked());
    this.scanning = next.catch(() => undefined);
    return next;
  }

  /** Returns paths (inside the claimed dir) now owned by this instance and ready to process. */
  private async scanUnlocked(): Promise<string[]> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(this.folder, { withFileTypes: true });
      if (!this.dirsReady) {
        // Fails on a read-only share: reported as unreadable, since nothing could be claimed.
        for (const d of [CLAIMED_DIR, DONE_DIR, FAILED_DIR]) await fs.mkdir(this.dir(d), { recursive: true });
        this.dirsReady = true;
      }
    } catch (err) {
      this.folderError(err);
      return [];
    }
    if (this.unreadable) {
      this.unreadable = false;
      this.emit({ type: 'folder-ok' });
    }
    const now = this.opts.now();
    const out: string[] = [];
    out.push(...(await this.reclaimOrphans(now)));

    const present = new Set<string>();
    for (const e of entries) {
      if (!e.isFile() || e.name.startsWith('.') || !this.opts.accept(e.name)) continue;
      present.add(e.name);
      const full = path.join(this.folder, e.name);
      let st: import('node:fs').Stats;
      try {
        st = await fs.stat(full);
      } catch {
        continue; // vanished (taken by another instance) between readdir and stat
      }
      const prev = this.observed.get(e.name);
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        this.observed.set(e.name, { size: st.size, mtimeMs: st.mtimeMs, firstSeen: prev && prev.size === st.size ? prev.firstSeen : now, stableSince: now });
        continue; // changed since the last poll (or first sight): still being written
      }
      if (st.size === 0 && now - prev.firstSeen < this.opts.emptyGraceMs) continue;
      if (now - prev.stableSince < this.opts.quietMs) continue; // a writer may only be pausing
      if (!(await canOpen(full))) continue; // locked by the writer (Windows/SMB)
      const truncated = st.size > 0 && st.size <= this.opts.maxBytes ? await structureIncomplete(full) : null;
      if (truncated) {
        if (prev.incomplete === undefined) this.emit({ type: 'incomplete', name: e.name, reason: truncated });
        prev.incomplete = truncated;
        if (now - prev.stableSince < this.opts.incompleteGraceMs) continue; // the writer may come back
      }
      const claimed = await this.claim(full, e.name);
      if (claimed) {
        this.observed.delete(e.name);
        this.emit({ type: 'claimed', name: e.name });
        if (truncated) {
          // Unchanged for the whole grace time and still cut short: the writer is not coming back.
          await this.finishFailed(claimed, e.name, new AppError('FILE_CORRUPT', `Tệp "${e.name}" không hoàn chỉnh (${truncated}) và không được ghi tiếp: hãy quét lại.`));
          continue;
        }
        out.push(claimed);
      }
    }
    for (const name of this.observed.keys()) if (!present.has(name)) this.observed.delete(name);
    return out;
  }

  private async claim(from: string, originalName: string): Promise<string | null> {
    const to = path.join(this.dir(CLAIMED_DIR), `${this.ownerId}${SEP}${Date.now().toString(36)}.${(this.seq++).toString(36)}${SEP}${originalName}`);
    // Marked before the rename: a concurrent scan of the claimed folder in this same instance
    // must never see our fresh claim as an orphan.
    this.inProgress.add(to);
    try {
      await fs.rename(from, to); // the lock: exactly one renamer succeeds
    } catch {
      this.inProgress.delete(to);
      return null; // ENOENT: another instance won; EBUSY/EPERM: still locked, try next poll
    }
    // Renaming keeps the scanner's mtime: start the lease from now.
    await touch(to);
    return to;
  }

  private async reclaimOrphans(now: number): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir(CLAIMED_DIR));
    } catch {
      return [];
    }
    const out: string[] = [];
    const present = new Set(names);
    for (const name of names) {
      const parsed = parseClaimName(name);
      if (!parsed) continue;
      const full = path.join(this.dir(CLAIMED_DIR), name);
      if (this.inProgress.has(full)) continue;
      let orphan = false;
      if (parsed.owner === this.ownerId) {
        const retry = this.retryAt.get(full);
        orphan = retry === undefined || now >= retry; // ours, not being worked on: left by a stopped consumer or a retry
      } else if (ownerIsThisProcess(parsed.owner)) {
        // Another watcher in this process (e.g. replaced after a settings change): exact answer.
        orphan = !WORKING.has(full);
      } else if (ownerIsDeadLocalProcess(parsed.owner)) {
        orphan = true;
      } else {
        let st: import('node:fs').Stats;
        try {
          st = await fs.stat(full);
        } catch {
          continue;
        }
        const obs = this.claimObs.get(name);
        if (!obs || obs.mtimeMs !== st.mtimeMs) this.claimObs.set(name, { mtimeMs: st.mtimeMs, since: now });
        else orphan = now - obs.since >= this.opts.staleClaimMs;
      }
      if (!orphan) continue;
      if (parsed.owner === this.ownerId) {
        this.retryAt.delete(full);
        this.inProgress.add(full);
        out.push(full);
        continue;
      }
      const taken = await this.claim(full, parsed.original);
      if (taken) {
        this.claimObs.delete(name);
        this.emit({ type: 'reclaimed', name: parsed.original });
        out.push(taken);
      }
    }
    for (const name of this.claimObs.keys()) if (!present.has(name)) this.claimObs.delete(name);
    return out;
  }

  // ------------------------------------------------------------------ importing one claimed file

  private async process(claimed: string, handler: FolderFileHandler): Promise<void> {
    const parsed = parseClaimName(path.basename(claimed));
    const name = parsed?.original ?? path.basename(claimed);
    const heartbeat = setInterval(() => void touch(claimed), this.opts.heartbeatMs);
    heartbeat.unref?.();
    try {
      let data: Buffer;
      try {
        const st = await fs.stat(claimed);
        if (st.size > this.opts.maxBytes) {
          await this.finishFailed(claimed, name, new AppError('FILE_TOO_LARGE', `Tệp "${name}" quá lớn (${Math.round(st.size / 1048576)} MB).`));
          return;
        }
        data = await fs.readFile(claimed);
      } catch (err) {
        // Unreadable claimed file: the share probably went away. Keep the claim for a later poll.
        this.folderError(err);
        this.inProgress.delete(claimed);
        return;
      }
      const sha256 = createHash('sha256').update(data).digest('hex');
      if (await this.store.seen(sha256)) {
        await this.moveOut(claimed, DONE_DIR, name);
        this.emit({ type: 'duplicate', name, sha256 });
        return;
      }
      try {
        await handler({ name, data, sha256 });
      } catch (err) {
        if (err instanceof ClaimReleased) {
          this.inProgress.delete(claimed);
          return;
        }
        const error = toAppError(err);
        if (error.code === 'DISK_FULL') {
          // Our disk, not the file, is the problem: keep the claim and try again later.
          this.retryAt.set(claimed, this.opts.now() + this.opts.retryDelayMs);
          this.inProgress.delete(claimed);
          this.emit({ type: 'retry-later', name, error });
          return;
        }
        await this.finishFailed(claimed, name, error);
        return;
      }
      await this.store.remember(sha256, { name, folder: this.folder });
      await this.moveOut(claimed, DONE_DIR, name);
      this.emit({ type: 'imported', name, sha256 });
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async finishFailed(claimed: string, name: string, error: AppError): Promise<void> {
    const final = await this.moveOut(claimed, FAILED_DIR, name);
    if (final) {
      await writeFileAtomic(`${final}.error.txt`, errorText(name, error)).catch(() => undefined);
    }
    this.emit({ type: 'failed', name, error });
  }

  /** Moves a claimed file to done/failed without overwriting an earlier file of the same name. */
  private async moveOut(claimed: string, sub: string, name: string): Promise<string | null> {
    const dir = this.dir(sub);
    try {
      const final = await moveNoClobber(claimed, dir, name);
      this.inProgress.delete(claimed);
      return final;
    } catch (err) {
      this.inProgress.delete(claimed);
      this.folderError(err);
      return null;
    }
  }

  private folderError(err: unknown): void {
    this.dirsReady = false; // the share may come back empty (remounted): recreate our folders
    if (this.unreadable) return; // report once, not every poll
    this.unreadable = true;
    const reason = (err as NodeJS.ErrnoException)?.code ?? String(err);
    this.emit({
      type: 'folder-unreadable',
      error: new AppError('FOLDER_UNREADABLE', `${ERROR_MESSAGES.FOLDER_UNREADABLE} (${this.folder}: ${describeErrno(reason)}). Ứng dụng sẽ tự thử lại.`, { folder: this.folder, reason }),
    });
  }

  private emit(e: FolderWatchEvent): void {
    try {
      this.opts.onEvent?.(e);
    } catch {
      // a listener bug must not stop imports
    }
  }
}

// ------------------------------------------------------------------ helpers

/** The reason a stable file is still not finished, or null when its structure ends. */
async function structureIncomplete(file: string): Promise<string | null> {
  try {
    const r = checkComplete(await fs.readFile(file));
    return r.complete ? null : r.reason;
  } catch {
    return null; // unreadable right now: the claim and the import report it
  }
}

/** The capture() consumer stopped before acknowledging: the file stays claimed for a retry. */
class ClaimReleased extends Error {}

/** Claimed paths being worked on by any watcher of this process. */
const WORKING = new Set<string>();

/** A watcher's own working set, mirrored into the process-wide one. */
class WorkingSet {
  private readonly own = new Set<string>();
  add(p: string): void {
    this.own.add(p);
    WORKING.add(p);
  }
  delete(p: string): void {
    if (this.own.delete(p)) WORKING.delete(p);
  }
  has(p: string): boolean {
    return this.own.has(p);
  }
}

function parseOwner(owner: string): { host: string; pid: number } | null {
  const m = /^(.*)\.(\d+)\.[0-9a-f]+$/.exec(owner);
  return m ? { host: m[1]!, pid: Number(m[2]) } : null;
}

function ownerIsThisProcess(owner: string): boolean {
  const o = parseOwner(owner);
  return o !== null && o.host === sanitize(os.hostname()) && o.pid === process.pid;
}

export function parseClaimName(name: string): { owner: string; original: string } | null {
  const a = name.indexOf(SEP);
  if (a <= 0) return null;
  const b = name.indexOf(SEP, a + SEP.length);
  if (b < 0) return null;
  return { owner: name.slice(0, a), original: name.slice(b + SEP.length) };
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9.-]/g, '-');
}

/** Owner ids look like `host.pid.rand`: on this host, a dead pid means the claim is orphaned now. */
function ownerIsDeadLocalProcess(owner: string): boolean {
  const o = parseOwner(owner);
  if (!o || o.host !== sanitize(os.hostname())) return false;
  const pid = o.pid;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function canOpen(p: string): Promise<boolean> {
  try {
    const fh = await fs.open(p, 'r');
    await fh.close();
    return true;
  } catch {
    return false;
  }
}

async function touch(p: string): Promise<void> {
  const t = new Date();
  await fs.utimes(p, t, t).catch(() => undefined);
}

async function moveNoClobber(src: string, dir: string, name: string): Promise<string> {
  const ext = path.extname(name);
  const base = name.slice(0, name.length - ext.length);
  for (let i = 1; i < 10_000; i++) {
    const target = path.join(dir, i === 1 ? name : `${base} (${i})${ext}`);
    try {
      // link fails with EEXIST instead of overwriting (rename would silently replace on POSIX).
      await fs.link(src, target);
      await fs.unlink(src);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'ENOENT') throw err;
      // File systems without hard links (some SMB/FAT): check-then-rename.
      try {
        await fs.access(target);
        continue;
      } catch {
        await fs.rename(src, target);
        return target;
      }
    }
  }
  throw new Error('too many files with the same name');
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isDiskFull(err)) return new AppError('DISK_FULL');
  return new AppError('INTERNAL', undefined, { cause: (err as Error)?.message ?? String(err) });
}

export function errorText(name: string, error: AppError, when = new Date()): string {
  const lines = [
    `Không nhập được tệp "${name}".`,
    `Lý do: ${error.message}`,
    `Mã lỗi: ${error.code as ErrorCode}`,
    `Thời điểm: ${formatVietnamDateTime(when)} (giờ Việt Nam)`,
    `Máy: ${os.hostname()}`,
    '',
    'Cách xử lý: sửa hoặc quét lại tài liệu rồi đặt tệp mới vào thư mục quét; tệp này được giữ lại để đối chiếu.',
  ];
  // BOM + CRLF: opens correctly in Notepad on older Windows too.
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

function describeErrno(code: string): string {
  switch (code) {
    case 'ENOENT': return 'thư mục không tồn tại hoặc ổ mạng chưa kết nối';
    case 'EACCES':
    case 'EPERM': return 'không có quyền đọc/ghi';
    case 'EROFS': return 'thư mục chỉ cho phép đọc';
    case 'ENOTDIR': return 'đường dẫn không phải thư mục';
    case 'EIO':
    case 'EHOSTDOWN':
    case 'ENETUNREACH':
    case 'ETIMEDOUT': return 'mất kết nối tới máy chia sẻ';
    default: return code;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
