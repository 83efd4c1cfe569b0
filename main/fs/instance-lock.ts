// One instance per data directory. Two processes (or two cores in one process) on the same folder
// would both resume OCR on the same pages and race each other's writes, so every host that writes
// takes `<dataDir>/motcua.lock` first. Node has no flock, so the lock is a file created exclusively
// ('wx') holding the owner's PID and machine name; a lock whose PID is dead on this machine is stale
// and taken over (by renaming it away, so only one of two racing takers wins).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/contract/errors';

export const LOCK_FILE = 'motcua.lock';

export interface LockOwner {
  pid: number;
  hostname: string;
  host: string;
  startedAt: string;
}

export interface InstanceLock {
  readonly path: string;
  release(): void;
}

/** Locks held by this process (a second core in the same process is refused as well). */
const held = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLockOwner(dataDir: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

/** Whether the lock file names a live owner (another process, or a core of this one). */
export function lockIsLive(file: string, owner: LockOwner | null): boolean {
  if (!owner || typeof owner.pid !== 'number') return false;
  if (owner.hostname !== os.hostname()) return true; // another PC on a shared folder: cannot check, assume alive
  if (owner.pid === process.pid) return held.has(file);
  return pidAlive(owner.pid);
}

export function lockRefusal(dataDir: string, owner: LockOwner): AppError {
  const where = owner.hostname === os.hostname() ? '' : ` trên máy ${owner.hostname}`;
  return new AppError(
    'CONFLICT',
    `Thư mục dữ liệu ${dataDir} đang được một phiên Một Cửa Số khác dùng (PID ${owner.pid}${where}, ${owner.host}, từ ${owner.startedAt}). ` +
      `Hãy dùng cửa sổ đang mở, hoặc đóng phiên đó rồi thử lại. Nếu chắc chắn không còn phiên nào chạy, xóa tệp ${path.join(dataDir, LOCK_FILE)}.`,
    { pid: owner.pid, hostname: owner.hostname },
  );
}

export function acquireInstanceLock(dataDir: string, host: string): InstanceLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.resolve(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, hostname: os.hostname(), host, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o644);
      try {
        fs.writeFileSync(fd, JSON.stringify(me));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      held.add(file);
      return {
        path: file,
        release() {
          if (!held.delete(file)) return;
          const owner = readLockOwner(dataDir);
          if (owner && owner.pid === me.pid && owner.startedAt === me.startedAt) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readLockOwner(dataDir);
    if (owner === null) {
      // Being written by a taker right now, or an empty file left by a crash mid-write.
      const age = Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age < 2000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        continue;
      }
    } else if (lockIsLive(file, owner)) {
      throw lockRefusal(dataDir, owner);
    }
    // Stale: move it away (only one racing taker's rename succeeds), then try again.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      fs.renameSync(file, aside);
      fs.rmSync(aside, { force: true });
    } catch {
      // Someone else took it over first; the next attempt sees their lock.
    }
  }
  const owner = readLockOwner(dataDir);
  throw owner ? lockRefusal(dataDir, owner) : new AppError('CONFLICT', `Không khóa được thư mục dữ liệu ${dataDir}.`);
}

process.on('exit', () => {
  for (const file of held) {
    try {
      const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
      if (owner.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // Nothing to release.
    }
  }
});
