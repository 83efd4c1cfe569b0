import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { ensureDir, writeFileAtomic, type AtomicFs } from '../../../main/fs/atomic';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'motcua-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Real fs whose file writes fail with ENOSPC after `budget` bytes, like a full disk. */
function fullDiskFs(budget: number): AtomicFs {
  return {
    ...fs,
    open: (async (p: string, flags: string, mode?: number) => {
      const fh = await fs.open(p, flags, mode);
      return new Proxy(fh, {
        get(target, prop, receiver) {
          if (prop === 'writeFile') {
            return async (data: Buffer | Uint8Array | string) => {
              const buf = Buffer.from(data as Uint8Array);
              await target.writeFile(buf.subarray(0, budget)); // part of it lands, then the disk is full
              const err = new Error('ENOSPC: no space left on device, write') as NodeJS.ErrnoException;
              err.code = 'ENOSPC';
              throw err;
            };
          }
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    }) as AtomicFs['open'],
  };
}

describe('writeFileAtomic', () => {
  it('writes, replaces and creates parent folders', async () => {
    const p = path.join(dir, 'a', 'b', 'file.bin');
    await writeFileAtomic(p, Buffer.from('one'));
    expect(await fs.readFile(p, 'utf8')).toBe('one');
    await writeFileAtomic(p, 'two');
    expect(await fs.readFile(p, 'utf8')).toBe('two');
    expect(await fs.readdir(path.dirname(p))).toEqual(['file.bin']); // no temp left behind
  });

  it('maps ENOSPC to DISK_FULL, removes the temp file and leaves the old content intact', async () => {
    const p = path.join(dir, 'doc.pdf');
    await writeFileAtomic(p, 'old content');
    const err = await writeFileAtomic(p, Buffer.alloc(100_000, 1), { fs: fullDiskFs(1000) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('DISK_FULL');
    expect((err as AppError).message).toMatch(/Ổ đĩa đã đầy/);
    expect(await fs.readFile(p, 'utf8')).toBe('old content');
    expect(await fs.readdir(dir)).toEqual(['doc.pdf']);
  });

  it('a new file is never half-written on ENOSPC', async () => {
    const p = path.join(dir, 'new.bin');
    await expect(writeFileAtomic(p, Buffer.alloc(50_000), { fs: fullDiskFs(10) })).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('ensureDir maps ENOSPC too', async () => {
    const failing: AtomicFs = { ...fs, mkdir: (async () => { throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }); }) as AtomicFs['mkdir'] };
    await expect(ensureDir(path.join(dir, 'x'), failing)).rejects.toMatchObject({ code: 'DISK_FULL' });
  });
});

describe('writeFileAtomic on a really full disk (64 kB tmpfs)', () => {
  it('gives DISK_FULL and leaves nothing half-written', async (ctx) => {
    const mnt = await fs.mkdtemp(path.join(os.tmpdir(), 'motcua-tinyfs-'));
    const tiny = await mountTinyTmpfs(mnt);
    if (!tiny) {
      await fs.rm(mnt, { recursive: true, force: true });
      console.warn('[skip] không có lệnh mount/unshare dùng được (cần util-linux): chỉ chạy kiểm thử ENOSPC giả lập.');
      ctx.skip();
      return;
    }
    try {
      const p = path.join(tiny.dir, 'keep.txt');
      await writeFileAtomic(p, 'giữ nguyên');
      await expect(writeFileAtomic(p, Buffer.alloc(1024 * 1024, 1))).rejects.toMatchObject({ code: 'DISK_FULL' });
      expect(await fs.readFile(p, 'utf8')).toBe('giữ nguyên');
      expect(await fs.readdir(tiny.dir)).toEqual(['keep.txt']);
    } finally {
      await tiny.release();
      await fs.rm(mnt, { recursive: true, force: true });
    }
  });
});

/**
 * A 64 kB tmpfs on `mnt`. As root, mounted directly. Otherwise in a user + mount namespace of our
 * own (`unshare -rm`, no privilege needed) held open by a sleeping process, and reached through that
 * process's view of the file system, /proc/<pid>/root<mnt>. Null only when neither command works.
 */
async function mountTinyTmpfs(mnt: string): Promise<{ dir: string; release(): Promise<void> } | null> {
  const { execFileSync, spawn } = await import('node:child_process');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { stdio: 'pipe' });
    return { dir: mnt, release: async () => void execFileSync('umount', [mnt]) };
  } catch {
    // not root: try a namespace of our own
  }
  const child = spawn('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs "$1" && echo ready && exec sleep 600`, 'sh', mnt], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    child.once('exit', () => resolve(false));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(true));
  });
  if (!ready) {
    child.kill();
    return null;
  }
  return {
    dir: `/proc/${child.pid}/root${mnt}`,
    release: async () => {
      child.kill();
    },
  };
}
