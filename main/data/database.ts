// Opens the local store: one SQLite file in WAL mode with foreign keys on, checked for integrity at
// start and migrated to the newest schema. All SQL lives under main/data/.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';
import { migrate, latestVersion } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Skip the full integrity check (quick_check is always run). */
  skipIntegrityCheck?: boolean;
}

export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'motcua.sqlite');
}

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new AppError('STORE_CORRUPT', `Không mở được cơ sở dữ liệu ${file}: ${(err as Error).message}`);
  }
  try {
    // WAL keeps readers (reports, search) from blocking the officer's writes. FULL sync fsyncs the
    // WAL on every commit, so an acknowledged dossier also survives a power cut (NORMAL only
    // survives a killed process).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const result = db.pragma(opts.skipIntegrityCheck ? 'quick_check' : 'integrity_check', { simple: true });
    if (result !== 'ok') {
      throw new AppError('STORE_CORRUPT', `Cơ sở dữ liệu bị lỗi (${String(result)}). Hãy khôi phục từ bản sao lưu.`);
    }
    migrate(db);
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'SQLITE_NOTADB' || (err as { code?: string }).code === 'SQLITE_CORRUPT') {
      throw new AppError('STORE_CORRUPT', `Tệp ${file} không phải cơ sở dữ liệu hợp lệ hoặc đã bị hỏng.`);
    }
    throw err;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export { latestVersion };

/**
 * Online backup: a consistent copy while the app keeps writing. `VACUUM INTO` copies one read
 * snapshot in a single step (WAL readers never block writers), so unlike the page-by-page backup API
 * it never restarts when the app commits. Written to a temp name and renamed; nothing is left on failure.
 */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const tmp = `${destination}.tmp-${process.pid}`;
  try {
    fs.rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    fsyncFile(tmp);
    fs.renameSync(tmp, destination);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** A snapshot of the database file at `source` through its own read-only connection (the CLI's
 *  backup while the app runs: nothing is migrated or written in the live database). */
export async function snapshotDatabase(source: string, destination: string): Promise<void> {
  let db: Db;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new AppError('NOT_FOUND', `Không mở được cơ sở dữ liệu ${source}: ${(err as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    await backupDatabase(db, destination);
  } finally {
    db.close();
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function integrityCheck(db: Db): string {
  return String(db.pragma('integrity_check', { simple: true }));
}
