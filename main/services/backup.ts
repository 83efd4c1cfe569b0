// Backups that restore: `motcua backup`, the in-app schedule and `motcua restore`.
//
// A backup is a folder `motcua-backup-<UTC stamp>/` holding
//   motcua.sqlite   one consistent snapshot of the database (VACUUM INTO on a read connection: one
//                   step, never restarted by the app's writes, so it finishes under load),
//   files/…         every stored file (page images, thumbnails, PDFs) in the data folder's layout,
//                   except files/renditions (derived, rebuilt on demand),
//   manifest.json   app and schema version, time, dossier-code high-water marks, last audit id, and
//                   the SHA-256 and size of the database copy and of every file.
// It is written under a dot-prefixed temp name and renamed when complete: a failed or killed backup
// never looks like a backup (and removes its temp folder when it can).
// The database is snapshotted *before* the files are listed: stored files are content-addressed and
// never overwritten, so every file the snapshot names is there to copy.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { databasePath, latestVersion, snapshotDatabase } from '../data/database';
import { acquireInstanceLock } from '../fs/instance-lock';
import { inspectSnapshot } from '../data/integrity-queries';
import { mergeCodeMarks, readCodeMarks, writeCodeMarks, type CodeMarksData } from '../storage/code-marks';
import { APP_VERSION } from '../core/version';
import type { Store } from '../data/store';

export const BACKUP_PREFIX = 'motcua-backup-';
export const MANIFEST = 'manifest.json';
const DB_NAME = 'motcua.sqlite';
const BACKUP_NAME_RE = /^motcua-backup-(\d{8}T\d{6}(?:\d{3})?Z)(?:-\d+)?$/;
/** Temp folders of backups under way (or abandoned by a killed one). */
export const BACKUP_TEMP_RE = /^\.motcua-backup-.*\.tmp$/;

export interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
}

export interface BackupManifest {
  format: 'motcua-backup';
  formatVersion: 1;
  appVersion: string;
  schemaVersion: number;
  createdAt: string;
  codeMarks: Pick<CodeMarksData, 'scopes' | 'lastAuditId'>;
  lastAuditId: number;
  dossiers: number;
  database: ManifestEntry;
  files: ManifestEntry[];
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
  removed: string[];
}

/** Stored files worth keeping: everything under files/ except renditions and temp files. */
export async function listStoredFiles(filesRoot: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue; // atomic writes' temp files
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!rel && e.name === 'renditions') continue;
        await walk(path.join(dir, e.name), r);
      } else if (e.isFile() && !e.name.endsWith('.tmp')) out.push(r);
    }
  }
  await walk(filesRoot, '');
  return out.sort();
}

async function copyHashed(from: string, to: string): Promise<{ sha256: string; size: number }> {
  const data = await fsp.readFile(from);
  await fsp.mkdir(path.dirname(to), { recursive: true });
  const fh = await fsp.open(to, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: createHash('sha256').update(data).digest('hex'), size: data.byteLength };
}

async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

function stampOf(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1Z');
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on folders.
  }
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** Writes one backup of `dataDir` into the folder `outDir` (created if needed). Works while the app runs. */
export async function createBackup(opts: { dataDir: string; outDir: string; now?: Date; keep?: number }): Promise<BackupResult> {
  const dataDir = path.resolve(opts.dataDir);
  const outDir = path.resolve(opts.outDir);
  const source = databasePath(dataDir);
  if (!fs.existsSync(source)) throw new AppError('NOT_FOUND', `Không có cơ sở dữ liệu trong ${dataDir}: không có gì để sao lưu.`);
  const createdAt = opts.now ?? new Date();
  let name = `${BACKUP_PREFIX}${stampOf(createdAt)}`;
  for (let i = 2; fs.existsSync(path.join(outDir, name)); i++) name = `${BACKUP_PREFIX}${stampOf(createdAt)}-${i}`;
  const tmp = path.join(outDir, `.${name}.${process.pid}.tmp`);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const dbCopy = path.join(tmp, DB_NAME);
    await snapshotDatabase(source, dbCopy);
    const { schemaVersion, counters, lastAuditId: auditId, dossiers } = inspectSnapshot(dbCopy);
    const marks = mergeCodeMarks(readCodeMarks(dataDir), { scopes: counters, lastAuditId: auditId });
    const database = { path: DB_NAME, ...(await hashFile(dbCopy)) };
    const filesRoot = path.join(dataDir, 'files');
    const files: ManifestEntry[] = [];
    await inBatches(await listStoredFiles(filesRoot), 4, async (rel) => {
      try {
        files.push({ path: `files/${rel}`, ...(await copyHashed(path.join(filesRoot, rel), path.join(tmp, 'files', rel))) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // vanished since listed: not part of the snapshot's world
      }
    });
    files.sort((a, b) => a.path.localeCompare(b.path));
    const manifest: BackupManifest = {
      format: 'motcua-backup',
      formatVersion: 1,
      appVersion: APP_VERSION,
      schemaVersion,
      createdAt: createdAt.toISOString(),
      codeMarks: { scopes: marks.scopes, lastAuditId: marks.lastAuditId },
      lastAuditId: auditId,
      dossiers,
      database,
      files,
    };
    const mfd = fs.openSync(path.join(tmp, MANIFEST), 'wx');
    try {
      fs.writeFileSync(mfd, JSON.stringify(manifest, null, 1));
      fs.fsyncSync(mfd);
    } finally {
      fs.closeSync(mfd);
    }
    const dir = path.join(outDir, name);
    fs.renameSync(tmp, dir);
    fsyncDir(outDir);
    const removed = opts.keep ? pruneBackups(outDir, opts.keep) : [];
    return { dir, manifest, removed };
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** The complete backups in a folder, newest first. */
export function listBackups(outDir: string): { name: string; dir: string; createdAt: Date }[] {
  let names: string[];
  try {
    names = fs.readdirSync(outDir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, m: BACKUP_NAME_RE.exec(name) }))
    .filter((x) => x.m && fs.existsSync(path.join(outDir, x.name, MANIFEST)))
    .map((x) => {
      const s = x.m![1]!;
      const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}${s.length > 16 ? `.${s.slice(15, 18)}` : ''}Z`;
      return { name: x.name, dir: path.join(outDir, x.name), createdAt: new Date(iso) };
    })
    .sort((a, b) => b.name.localeCompare(a.name));
}

/** Retention: keeps the `keep` newest backups in `outDir`, removes older ones and abandoned temp folders. */
export function pruneBackups(outDir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const b of listBackups(outDir).slice(Math.max(1, keep))) {
    fs.rmSync(b.dir, { recursive: true, force: true });
    removed.push(b.dir);
  }
  for (const name of fs.readdirSync(outDir)) {
    if (!BACKUP_TEMP_RE.test(name)) continue;
    const pid = Number(/\.(\d+)\.tmp$/.exec(name)?.[1]);
    if (pid === process.pid || pidAlive(pid)) continue;
    fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
    removed.push(path.join(outDir, name));
  }
  return removed;
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readManifest(backupDir: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(fs.readFileSync(path.join(backupDir, MANIFEST), 'utf8')) as BackupManifest;
  } catch (err) {
    throw new AppError('BAD_REQUEST', `Không đọc được ${path.join(backupDir, MANIFEST)}: đây không phải bản sao lưu của Một Cửa Số hoặc bản sao lưu đã hỏng (${(err as Error).message}).`);
  }
  if (m.format !== 'motcua-backup' || !m.database || !Array.isArray(m.files)) {
    throw new AppError('BAD_REQUEST', `${path.join(backupDir, MANIFEST)} không phải danh mục sao lưu của Một Cửa Số.`);
  }
  return m;
}

function safeRel(rel: string): boolean {
  return typeof rel === 'string' && !path.isAbsolute(rel) && !rel.split(/[\\/]/).includes('..') && rel.length > 0;
}

/** Checks every file of a backup against its manifest; returns the problems (empty: intact). */
export async function verifyBackup(backupDir: string): Promise<{ manifest: BackupManifest; problems: string[] }> {
  const manifest = readManifest(backupDir);
  const problems: string[] = [];
  await inBatches([manifest.database, ...manifest.files], 4, async (entry) => {
    if (!safeRel(entry.path)) {
      problems.push(`${entry.path}: đường dẫn không hợp lệ`);
      return;
    }
    try {
      const got = await hashFile(path.join(backupDir, entry.path));
      if (got.size !== entry.size || got.sha256 !== entry.sha256) problems.push(`${entry.path}: nội dung không khớp mã SHA-256 trong danh mục (đã bị sửa hoặc hỏng)`);
    } catch (err) {
      problems.push(`${entry.path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'thiếu tệp' : (err as Error).message}`);
    }
  });
  return { manifest, problems: problems.sort() };
}

export interface RestoreResult {
  dataDir: string;
  manifest: BackupManifest;
  files: number;
}

/**
 * Restores a backup into `dataDir`: verifies every hash first (a bad backup changes nothing),
 * refuses a non-empty folder unless `force`, takes the folder's instance lock (not while the app
 * runs there), copies the files, then the database, and keeps the higher dossier-code marks.
 */
export async function restoreBackup(opts: { from: string; dataDir: string; force?: boolean }): Promise<RestoreResult> {
  const from = path.resolve(opts.from);
  const dataDir = path.resolve(opts.dataDir);
  const { manifest, problems } = await verifyBackup(from);
  if (problems.length) {
    throw new AppError(
      'BAD_REQUEST',
      `Bản sao lưu ${from} không toàn vẹn, không khôi phục gì: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; và ${problems.length - 5} tệp khác` : ''}. Hãy dùng một bản sao lưu khác.`,
      { problems },
    );
  }
  if (manifest.schemaVersion > latestVersion) {
    throw new AppError('BAD_REQUEST', `Bản sao lưu được tạo bởi phiên bản mới hơn (${manifest.appVersion}, lược đồ ${manifest.schemaVersion}); hãy cập nhật Một Cửa Số trước khi khôi phục.`);
  }
  const existing = fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [];
  if (existing.length && !opts.force) {
    throw new AppError('CONFLICT', `Thư mục ${dataDir} không trống (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}). Chọn một thư mục trống, hoặc thêm --force để thay dữ liệu trong đó bằng bản sao lưu.`);
  }
  const lock = acquireInstanceLock(dataDir, 'restore');
  try {
    await inBatches(manifest.files, 4, async (entry) => {
      const target = path.join(dataDir, entry.path);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.restore.tmp`);
      await fsp.copyFile(path.join(from, entry.path), tmp);
      const fh = await fsp.open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsp.rename(tmp, target);
    });
    const db = databasePath(dataDir);
    const tmpDb = `${db}.${process.pid}.restore.tmp`;
    fs.copyFileSync(path.join(from, manifest.database.path), tmpDb);
    const fd = fs.openSync(tmpDb, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // A WAL left by the old database must never be applied to the restored one.
    fs.rmSync(`${db}-wal`, { force: true });
    fs.rmSync(`${db}-shm`, { force: true });
    fs.renameSync(tmpDb, db);
    writeCodeMarks(dataDir, mergeCodeMarks(readCodeMarks(dataDir), manifest.codeMarks));
    fsyncDir(dataDir);
  } finally {
    lock.release();
  }
  return { dataDir, manifest, files: manifest.files.length };
}

export interface BackupSchedule {
  folder: string;
  intervalHours: number;
  keep: number;
}

/**
 * The in-app schedule: every few minutes, when the newest backup in the folder is older than the
 * interval, takes one and applies the retention. Errors are reported, never thrown; the timer is
 * unref'd so it never keeps the process alive.
 */
export function startBackupSchedule(opts: {
  dataDir: string;
  schedule: () => BackupSchedule | null;
  now: () => Date;
  onResult?: (r: { ok: true; result: BackupResult } | { ok: false; error: Error }) => void;
  checkEveryMs?: number;
}): { stop(): void; tick(): Promise<void> } {
  let running = false;
  const tick = async () => {
    if (running) return;
    const s = opts.schedule();
    if (!s || !s.folder || s.intervalHours <= 0) return;
    const newest = listBackups(s.folder)[0];
    const now = opts.now();
    if (newest && now.getTime() - newest.createdAt.getTime() < s.intervalHours * 3600_000) return;
    running = true;
    try {
      const result = await createBackup({ dataDir: opts.dataDir, outDir: s.folder, now, keep: s.keep });
      opts.onResult?.({ ok: true, result });
    } catch (err) {
      opts.onResult?.({ ok: false, error: err as Error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.checkEveryMs ?? 5 * 60_000);
  timer.unref?.();
  return { stop: () => clearInterval(timer), tick };
}

/** The scheduled backups' folder as stored in the settings ('' when none). */
export function backupFolderOf(store: Store): string | undefined {
  const v = store.settings.all().backupFolder;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}
