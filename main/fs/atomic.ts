// Crash- and disk-full-safe file writes. Everything the app keeps (blobs, PDFs, exports) goes
// through here so a power cut or a full disk never leaves a half-written file under its real name:
// readers see either the old content or the new content, never a mix.
import * as nodeFs from 'node:fs/promises';
import syncFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError, isDiskFull } from '../../shared/contract/errors';

/** The subset of `node:fs/promises` used here; injectable so tests can simulate ENOSPC. */
export interface AtomicFs {
  open: typeof nodeFs.open;
  rename: typeof nodeFs.rename;
  unlink: typeof nodeFs.unlink;
  mkdir: typeof nodeFs.mkdir;
}

export interface WriteAtomicOptions {
  /** File mode for the new file (default 0o644 minus umask). */
  mode?: number;
  /** Injected file system (tests). */
  fs?: AtomicFs;
  /** Skip fsync (only for throw-away files: e.g. temp previews). Default false. */
  noSync?: boolean;
}

const defaultFs: AtomicFs = nodeFs;

/** Creates a directory and its parents; a full disk is reported as DISK_FULL. */
export async function ensureDir(dir: string, fs: AtomicFs = defaultFs): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    throw mapWriteError(err);
  }
}

/**
 * Writes `data` to `target` atomically: temp file in the same directory (so the rename never
 * crosses file systems), fsync, rename over the target, then fsync the directory so the rename
 * itself survives a power cut. On any failure the temp file is removed and the target untouched.
 */
export async function writeFileAtomic(
  target: string,
  data: Buffer | Uint8Array | string,
  options: WriteAtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? defaultFs;
  const dir = path.dirname(target);
  await ensureDir(dir, fs);
  // Dot-prefixed and unique per writer, so concurrent writers and folder scanners ignore it.
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const fh = await fs.open(tmp, 'wx', options.mode ?? 0o644);
    created = true;
    try {
      await fh.writeFile(data);
      if (!options.noSync) await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
    created = false;
  } catch (err) {
    if (created) await fs.unlink(tmp).catch(() => undefined);
    throw mapWriteError(err);
  }
  if (!options.noSync) await syncDir(dir, fs);
}

/**
 * fsync on a directory makes a rename durable on POSIX. Windows cannot open directories this way
 * (EISDIR/EPERM) and NTFS journals renames itself, so failures here are ignored.
 */
async function syncDir(dir: string, fs: AtomicFs): Promise<void> {
  if (process.platform === 'win32') return;
  let fh: nodeFs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // Some file systems (SMB, some FUSE) refuse fsync on directories; the data itself is synced.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

function mapWriteError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (isDiskFull(err)) return new AppError('DISK_FULL', undefined, { cause: (err as Error).message });
  return err;
}

/**
 * The synchronous twin of writeFileAtomic, for small records written inside a database transaction
 * (the dossier-code high-water mark): temp file, fsync, rename, fsync the directory.
 */
export function writeFileAtomicSync(target: string, data: Buffer | Uint8Array | string): void {
  const dir = path.dirname(target);
  try {
    syncFs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const fd = syncFs.openSync(tmp, 'wx', 0o644);
    try {
      try {
        syncFs.writeFileSync(fd, data);
        syncFs.fsyncSync(fd);
      } finally {
        syncFs.closeSync(fd);
      }
      syncFs.renameSync(tmp, target);
    } catch (err) {
      syncFs.rmSync(tmp, { force: true });
      throw err;
    }
  } catch (err) {
    throw mapWriteError(err);
  }
  if (process.platform === 'win32') return;
  try {
    const dfd = syncFs.openSync(dir, 'r');
    try {
      syncFs.fsyncSync(dfd);
    } finally {
      syncFs.closeSync(dfd);
    }
  } catch {
    // See syncDir.
  }
}
