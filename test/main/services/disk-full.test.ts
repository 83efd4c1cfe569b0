// A disk that fills during OCR and during a PDF build (issue 15), with an injected ENOSPC: the page
// goes back to pending with its reason and is read again, no page stays 'running', a PDF built
// without a page's text is rebuilt when the text arrives, and a build cut by a full disk fails with
// the reason and succeeds when tried again.
import { execFileSync } from 'node:child_process';
import * as nodeFs from 'node:fs/promises';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AtomicFs } from '../../../main/fs/atomic';
import { readyCore, sampleDossier } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { scannedPage } from '../../helpers/pages';

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

async function setup(opts: { ocrFailures?: number; pdfWriteFailures?: number }) {
  let ocrFailures = opts.ocrFailures ?? 0;
  let pdfWriteFailures = opts.pdfWriteFailures ?? 0;
  const ok = fakeOcr();
  const ocr = { ...ok, recognize: async (img: Buffer) => (ocrFailures-- > 0 ? Promise.reject(enospc()) : ok.recognize(img)) };
  const blobFs: AtomicFs = {
    ...nodeFs,
    open: (async (file: string, ...rest: unknown[]) => {
      if (/\.pdf\.\d+\.[0-9a-f]+\.tmp$/.test(String(file)) && pdfWriteFailures-- > 0) throw enospc();
      return (nodeFs.open as (...a: unknown[]) => Promise<nodeFs.FileHandle>)(file, ...rest);
    }) as AtomicFs['open'],
  };
  const { core, procedure } = await readyCore({ ocrFactory: async () => ocr, blobFs, ocrRetryMs: 1500 });
  const dossier = await sampleDossier(core, procedure);
  return { core, dossier, component: dossier.components[0]! };
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a full disk', () => {
  it('during OCR: the page is retried, never left running, and the PDF built without its text is rebuilt', async () => {
    const { core, dossier, component } = await setup({ ocrFailures: 2 });
    const page = await scannedPage(['Tờ khai đăng ký khai sinh', 'Họ và tên: Trần Văn Đức']);
    await core.call('digitize.importFiles', { componentId: component.id, files: [{ name: 'to-khai.png', dataBase64: page.toString('base64') }] });
    // The reason is shown while the page waits for its retry.
    const waiting = await until(() => core.call('digitize.pages', { componentId: component.id }), (p) => p.length === 1 && p[0]!.ocrStatus === 'pending' && p[0]!.error !== null);
    expect(waiting[0]!.error).toMatch(/Ổ đĩa đã đầy/);
    expect((await core.call('capture.status')).lastError).toMatch(/Ổ đĩa đã đầy/);
    // Built now, the PDF lacks the page's text (its OCR fails once more for the full disk).
    const first = await core.call('digitize.buildPdf', { componentId: component.id, resultCode: null });
    const built = await until(() => core.call('jobs.get', { jobId: first.jobId }), (j) => j.state === 'done' || j.state === 'failed');
    expect(built.state).toBe('done');
    // The retry reads the page; the PDF is rebuilt with its text, and the replaced one deleted.
    const done = await until(() => core.call('digitize.pages', { componentId: component.id }), (p) => p[0]!.ocrStatus === 'done');
    expect(done[0]!.ocrStatus).toBe('done');
    const fileOf = async () => (await core.call('dossiers.get', { id: dossier.id })).components.find((c) => c.id === component.id)!.digitization.fileId;
    const firstFile = await until(fileOf, (f) => f !== null);
    const oldFile = firstFile ? (await core.resolveFile('pdf', firstFile))?.path : undefined;
    const textOf = async () => {
      const id = await fileOf();
      const f = id ? await core.resolveFile('pdf', id) : null;
      return f && fs.existsSync(f.path) ? { path: f.path, text: execFileSync('pdftotext', ['-raw', f.path, '-'], { encoding: 'utf8' }) } : null;
    };
    const final = await until(textOf, (t) => t !== null && /Trang/.test(t.text));
    expect(final?.text).toMatch(/Trang/);
    console.log(`disk-full test: first PDF ${final?.path === oldFile ? 'already had the text' : 'rebuilt with the late text'}`);
    if (oldFile && final?.path !== oldFile) expect(await until(async () => fs.existsSync(oldFile), (e) => !e)).toBe(false);
    expect((await core.call('digitize.pages', { componentId: component.id })).some((p) => p.ocrStatus === 'running')).toBe(false);
    await core.close();
  }, 60_000);

  it('during a PDF build: the job fails with the reason, and building again works', async () => {
    const { core, component } = await setup({ pdfWriteFailures: 1 });
    const page = await scannedPage(['Giấy chứng sinh']);
    const { jobId } = await core.call('digitize.importFiles', { componentId: component.id, files: [{ name: 'gcs.png', dataBase64: page.toString('base64') }] });
    await until(() => core.call('jobs.get', { jobId }), (j) => j.state === 'done');
    const first = await core.call('digitize.buildPdf', { componentId: component.id, resultCode: null });
    const failed = await until(() => core.call('jobs.get', { jobId: first.jobId }), (j) => j.state === 'done' || j.state === 'failed');
    expect(failed.state).toBe('failed');
    expect(failed.message).toMatch(/Ổ đĩa đã đầy/);
    const again = await core.call('digitize.buildPdf', { componentId: component.id, resultCode: null });
    expect((await until(() => core.call('jobs.get', { jobId: again.jobId }), (j) => j.state === 'done' || j.state === 'failed')).state).toBe('done');
    // No temp file of the failed write is left behind.
    const temps = fs.readdirSync(core.dataDir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
    expect(temps).toEqual([]);
    await core.close();
  }, 60_000);
});
