import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import {
  CLAIMED_DIR, DONE_DIR, FAILED_DIR, FolderWatcher, MemorySeenStore, parseClaimName,
  type FolderWatchEvent, type FolderWatchOptions, type WatchedFile,
} from '../../../main/capture/sources/folder-watch';

let root: string;
let folder: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'motcua-watch-'));
  folder = path.join(root, 'scan');
  await fs.mkdir(folder);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function watcher(extra: Partial<FolderWatchOptions> = {}) {
  const events: FolderWatchEvent[] = [];
  const imported: WatchedFile[] = [];
  // Quiet time 0: these tests poll by hand; the quiet time and structure checks have their own tests.
  const w = new FolderWatcher({ folder, store: new MemorySeenStore(), intervalMs: 20, quietMs: 0, onEvent: (e) => events.push(e), ...extra });
  const handler = async (f: WatchedFile) => {
    imported.push(f);
  };
  return { w, events, imported, handler };
}

/** A small PDF whose structure ends (startxref → xref, %%EOF), as a finished scan's does. */
function minimalPdf(text: string): string {
  const body = `%PDF-1.4\n1 0 obj\n<< /T (${text}) >>\nendobj\n`;
  return `${body}xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n${body.length}\n%%EOF\n`;
}

const ls = async (sub = '') => (await fs.readdir(path.join(folder, sub))).filter((n) => !n.startsWith('.')).sort();

describe('FolderWatcher', () => {
  it('takes a file only once size and mtime are stable over two polls', async () => {
    const { w, imported, handler } = watcher();
    const file = path.join(folder, 'scan0001.pdf');
    const pdf = minimalPdf('first half ...second half');
    await fs.writeFile(file, pdf.slice(0, 20));
    await w.pollOnce(handler); // first sight
    await fs.appendFile(file, pdf.slice(20));
    await w.pollOnce(handler); // changed: still being written
    expect(imported).toHaveLength(0);
    expect(await ls()).toEqual(['scan0001.pdf']);
    await w.pollOnce(handler); // unchanged since last poll: take it
    expect(imported.map((f) => [f.name, f.data.toString()])).toEqual([['scan0001.pdf', pdf]]);
    expect(imported[0]!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(await ls()).toEqual([]);
    expect(await ls(DONE_DIR)).toEqual(['scan0001.pdf']);
    expect(await ls(CLAIMED_DIR)).toEqual([]);
  });

  it('ignores temp/partial names and waits before taking an empty file', async () => {
    let now = 1_000_000;
    const { w, imported, events } = watcher({ now: () => now, emptyGraceMs: 60_000 });
    await fs.writeFile(path.join(folder, 'scan.pdf.part'), 'x');
    await fs.writeFile(path.join(folder, '~$tmp.jpg'), 'x');
    await fs.writeFile(path.join(folder, 'empty.jpg'), '');
    const failing = async (f: WatchedFile) => {
      imported.push(f);
      if (f.data.length === 0) throw new AppError('FILE_EMPTY');
    };
    await w.pollOnce(failing);
    await w.pollOnce(failing);
    expect(imported).toHaveLength(0);
    now += 61_000;
    await w.pollOnce(failing);
    expect(imported.map((f) => f.name)).toEqual(['empty.jpg']);
    expect(events.some((e) => e.type === 'failed' && e.name === 'empty.jpg')).toBe(true);
    expect(await ls()).toEqual(['scan.pdf.part', '~$tmp.jpg']);
  });

  it('does not import the same content twice (SHA-256), under another name or later', async () => {
    const { w, imported, events, handler } = watcher();
    await fs.writeFile(path.join(folder, 'a.jpg'), 'cùng nội dung');
    await fs.writeFile(path.join(folder, 'b.jpg'), 'cùng nội dung');
    await w.pollOnce(handler);
    await w.pollOnce(handler);
    expect(imported).toHaveLength(1);
    expect(events.filter((e) => e.type === 'duplicate')).toHaveLength(1);
    await fs.writeFile(path.join(folder, 'a.jpg'), 'cùng nội dung'); // scanned again, same name
    await w.pollOnce(handler);
    await w.pollOnce(handler);
    expect(imported).toHaveLength(1);
    expect(await ls(DONE_DIR)).toEqual(['a (2).jpg', 'a.jpg', 'b.jpg']); // nothing overwritten
  });

  it('a failed import goes to .motcua-failed with a Vietnamese .error.txt', async () => {
    const { w, events } = watcher();
    await fs.writeFile(path.join(folder, 'hoso.docx'), 'PK\x03\x04...');
    const handler = async () => {
      throw new AppError('FILE_UNSUPPORTED', 'Tệp "hoso.docx" không phải ảnh (JPEG, PNG, TIFF, BMP, WebP) hoặc PDF.');
    };
    await w.pollOnce(handler);
    await w.pollOnce(handler);
    expect(await ls(FAILED_DIR)).toEqual(['hoso.docx', 'hoso.docx.error.txt']);
    const txt = await fs.readFile(path.join(folder, FAILED_DIR, 'hoso.docx.error.txt'), 'utf8');
    expect(txt).toContain('Không nhập được tệp "hoso.docx".');
    expect(txt).toContain('Lý do: Tệp "hoso.docx" không phải ảnh');
    expect(txt).toContain('Mã lỗi: FILE_UNSUPPORTED');
    expect(events.find((e) => e.type === 'failed')).toMatchObject({ name: 'hoso.docx', error: { code: 'FILE_UNSUPPORTED' } });
  });

  it('two watchers racing on one folder import every file exactly once', async () => {
    const N = 40;
    for (let i = 0; i < N; i++) await fs.writeFile(path.join(folder, `scan${String(i).padStart(3, '0')}.jpg`), `trang ${i}`);
    const counts = new Map<string, number>();
    const handler = async (f: WatchedFile) => {
      counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, Math.random() * 3));
    };
    // Separate stores: only the claim (rename) can prevent double imports here.
    const a = watcher().w;
    const b = watcher().w;
    for (let round = 0; round < 4; round++) await Promise.all([a.pollOnce(handler), b.pollOnce(handler), a.pollOnce(handler), b.pollOnce(handler)]);
    expect(counts.size).toBe(N);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect((await ls(DONE_DIR)).length).toBe(N);
    expect(await ls(CLAIMED_DIR)).toEqual([]);
  });

  it('a claim left by a killed process on this PC is picked up again right away', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a pid that has just exited
    await fs.mkdir(path.join(folder, CLAIMED_DIR), { recursive: true });
    const claimName = `${os.hostname().replace(/[^A-Za-z0-9.-]/g, '-')}.${dead}.abc123~~lz1.0~~scan0042.pdf`;
    await fs.writeFile(path.join(folder, CLAIMED_DIR, claimName), '%PDF-1.4 trang bị bỏ dở');
    const { w, imported, events, handler } = watcher();
    await w.pollOnce(handler);
    expect(imported.map((f) => f.name)).toEqual(['scan0042.pdf']);
    expect(events.map((e) => e.type)).toContain('reclaimed');
    expect(await ls(DONE_DIR)).toEqual(['scan0042.pdf']);
    expect(parseClaimName(claimName)).toEqual({ owner: `${os.hostname().replace(/[^A-Za-z0-9.-]/g, '-')}.${dead}.abc123`, original: 'scan0042.pdf' });
  });

  it('a claim by another PC is taken over only after its heartbeat stops', async () => {
    let now = 5_000_000;
    await fs.mkdir(path.join(folder, CLAIMED_DIR), { recursive: true });
    const claimed = path.join(folder, CLAIMED_DIR, 'MAY-KHAC.4242.beef01~~lz2.0~~scan0007.jpg');
    await fs.writeFile(claimed, 'jpeg bytes');
    const { w, imported, handler } = watcher({ now: () => now, staleClaimMs: 120_000 });
    await w.pollOnce(handler);
    now += 60_000;
    await fs.utimes(claimed, new Date(), new Date(Date.now() + 5000)); // owner still alive: heartbeat
    await w.pollOnce(handler);
    now += 100_000;
    await w.pollOnce(handler); // 100 s since the last heartbeat: not yet
    expect(imported).toHaveLength(0);
    now += 30_000;
    await w.pollOnce(handler); // 130 s without heartbeat: orphan
    expect(imported.map((f) => f.name)).toEqual(['scan0007.jpg']);
  });

  it('capture(): a consumer stopping mid-file leaves the claim; the file comes back, never lost', async () => {
    await fs.writeFile(path.join(folder, 'p1.jpg'), 'một');
    await fs.writeFile(path.join(folder, 'p2.jpg'), 'hai');
    const { w } = watcher();
    const ac = new AbortController();
    const seen: string[] = [];
    for await (const f of w.capture(undefined, ac.signal)) {
      seen.push(f.name);
      break; // e.g. app closing while importing
    }
    expect(seen).toHaveLength(1);
    expect((await ls(CLAIMED_DIR)).length + (await ls()).length).toBe(2);
    for await (const f of w.capture(undefined, ac.signal)) {
      seen.push(f.name);
      if (f.name === 'p1.jpg') await f.ack!.fail(new AppError('FILE_CORRUPT'));
      else await f.ack!.done();
      if (seen.length === 3) ac.abort();
    }
    expect(seen.sort()).toEqual([seen[0]!, 'p1.jpg', 'p2.jpg'].sort());
    expect(await ls(DONE_DIR)).toEqual(['p2.jpg']);
    expect(await ls(FAILED_DIR)).toEqual(['p1.jpg', 'p1.jpg.error.txt']);
  });

  it('disk full on our side: the file stays claimed and is retried later, not failed', async () => {
    let now = 1_000;
    const { w, imported, events } = watcher({ now: () => now, retryDelayMs: 60_000 });
    await fs.writeFile(path.join(folder, 'x.jpg'), 'x');
    let full = true;
    const handler = async (f: WatchedFile) => {
      if (full) throw new AppError('DISK_FULL');
      imported.push(f);
    };
    await w.pollOnce(handler);
    await w.pollOnce(handler);
    expect(events.map((e) => e.type)).toContain('retry-later');
    expect((await ls(CLAIMED_DIR)).length).toBe(1);
    full = false;
    await w.pollOnce(handler);
    expect(imported).toHaveLength(0); // not before the delay
    now += 61_000;
    await w.pollOnce(handler);
    expect(imported.map((f) => f.name)).toEqual(['x.jpg']);
    expect(await ls(FAILED_DIR)).toEqual([]);
  });

  it('a vanished folder is reported once, and work resumes when it comes back', async () => {
    const { w, events, imported, handler } = watcher();
    await fs.writeFile(path.join(folder, 'a.jpg'), 'a');
    await fs.rename(folder, `${folder}-away`);
    for (let i = 0; i < 5; i++) await w.pollOnce(handler);
    const bad = events.filter((e) => e.type === 'folder-unreadable');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ error: { code: 'FOLDER_UNREADABLE' } });
    expect((bad[0] as { error: AppError }).error.message).toMatch(/Không đọc được thư mục quét.*không tồn tại/);
    await fs.rename(`${folder}-away`, folder);
    await w.pollOnce(handler);
    await w.pollOnce(handler);
    expect(events.filter((e) => e.type === 'folder-ok')).toHaveLength(1);
    expect(imported.map((f) => f.name)).toEqual(['a.jpg']);
  });

  it('run() keeps polling until aborted', async () => {
    const { w, imported, handler } = watcher();
    const ac = new AbortController();
    const running = w.run(handler, ac.signal);
    await fs.writeFile(path.join(folder, 'late.png'), 'png');
    const t0 = Date.now();
    while (imported.length === 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    await running;
    expect(imported.map((f) => f.name)).toEqual(['late.png']);
  });

  it('a watcher replaced in the same process (settings changed mid-file) leaves nothing stuck', async () => {
    await fs.writeFile(path.join(folder, 'giua-chung.pdf'), minimalPdf('dang nhap do'));
    const first = watcher().w;
    const ac = new AbortController();
    for await (const f of first.capture(undefined, ac.signal)) {
      expect(f.name).toBe('giua-chung.pdf');
      break; // the old watcher is dropped while importing
    }
    expect(await ls(CLAIMED_DIR)).toHaveLength(1);
    const { w, imported, handler } = watcher(); // new owner id, same pid
    await w.pollOnce(handler);
    expect(imported.map((f) => f.name)).toEqual(['giua-chung.pdf']);
    expect(await ls(DONE_DIR)).toEqual(['giua-chung.pdf']);
  });

  describe('slow writers: a file is taken only when it is finished', () => {
    async function jpeg(): Promise<Buffer> {
      return sharp({ create: { width: 800, height: 1100, channels: 3, background: '#fdfdf8' } }).jpeg({ quality: 80 }).toBuffer();
    }
    async function pdf(): Promise<Buffer> {
      const doc = await PDFDocument.create();
      for (let i = 0; i < 3; i++) doc.addPage([595, 842]).drawText(`Trang ${i + 1}`, { x: 50, y: 780, size: 24 });
      return Buffer.from(await doc.save());
    }
    async function tiff(pages: number): Promise<Buffer> {
      const imgs = await Promise.all(Array.from({ length: pages }, (_, i) => sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 40 * i, g: 120, b: 200 } } }).png().toBuffer()));
      return sharp(imgs, { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
    }

    for (const [kind, make, cut] of [
      ['JPEG', jpeg, 0.5],
      ['PDF', pdf, 0.7],
      ['multi-page TIFF (4 pages, cut after the second)', () => tiff(4), 0.55],
    ] as const) {
      it(`${kind}: a writer pausing longer than the quiet time is waited for, and the whole file is taken`, async () => {
        let now = 1_000_000;
        const { w, imported, events, handler } = watcher({ now: () => now, quietMs: 5_000, incompleteGraceMs: 600_000 });
        const full = await make();
        const name = `scan.${kind.startsWith('JPEG') ? 'jpg' : kind.startsWith('PDF') ? 'pdf' : 'tif'}`;
        const file = path.join(folder, name);
        await fs.writeFile(file, full.subarray(0, Math.floor(full.length * cut)));
        // The writer pauses for 30 s: the file is stable, past the quiet time, but not finished.
        for (let t = 0; t <= 30_000; t += 2_000) {
          await w.pollOnce(handler);
          now += 2_000;
        }
        expect(imported).toHaveLength(0);
        expect(await ls()).toEqual([name]);
        expect(events.filter((e) => e.type === 'incomplete')).toHaveLength(1);
        // The writer finishes; after the quiet time the whole file is taken, once.
        await fs.appendFile(file, full.subarray(Math.floor(full.length * cut)));
        for (let t = 0; t <= 8_000; t += 2_000) {
          await w.pollOnce(handler);
          now += 2_000;
        }
        expect(imported).toHaveLength(1);
        expect(Buffer.compare(imported[0]!.data, full)).toBe(0);
        expect(await ls(DONE_DIR)).toEqual([name]);
      });
    }

    it('a stable file is not taken before the quiet time', async () => {
      let now = 1_000_000;
      const { w, imported, handler } = watcher({ now: () => now, quietMs: 5_000 });
      await fs.writeFile(path.join(folder, 'a.jpg'), await jpeg());
      await w.pollOnce(handler);
      now += 2_000;
      await w.pollOnce(handler);
      now += 2_000;
      await w.pollOnce(handler);
      expect(imported).toHaveLength(0);
      now += 2_000;
      await w.pollOnce(handler);
      expect(imported).toHaveLength(1);
    });

    it('a file cut short that never changes again fails after the grace time, with the reason', async () => {
      let now = 1_000_000;
      const { w, imported, events, handler } = watcher({ now: () => now, quietMs: 5_000, incompleteGraceMs: 60_000 });
      const full = await tiff(4);
      await fs.writeFile(path.join(folder, 'cut.tif'), full.subarray(0, Math.floor(full.length * 0.55)));
      for (let t = 0; t <= 70_000; t += 5_000) {
        await w.pollOnce(handler);
        now += 5_000;
      }
      expect(imported).toHaveLength(0);
      expect(await ls(FAILED_DIR)).toEqual(['cut.tif', 'cut.tif.error.txt']);
      const failed = events.find((e) => e.type === 'failed');
      expect(failed && 'error' in failed ? failed.error.message : '').toMatch(/không hoàn chỉnh .*TIFF/);
    });
  });
});
