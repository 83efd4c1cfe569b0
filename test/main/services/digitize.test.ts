import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readyCore, sampleDossier, testCore, waitJob } from '../../helpers/core';
import { fakeOcr } from '../../helpers/fake-ocr';
import { blankPage, scannedPage } from '../../helpers/pages';
import { tempDir } from '../../helpers/temp';

const b64 = (b: Buffer) => b.toString('base64');
/** A page with a title and a few lines of body text, like a real form. */
const formPage = (title: string, format?: 'png' | 'jpeg') =>
  scannedPage([title, 'Họ và tên người yêu cầu: Trần Văn Đức', 'Nơi cư trú: 12 Lê Lợi, phường Bến Thành', 'Số định danh cá nhân: 079203001234', 'Quan hệ với người được khai sinh: cha'], { format });

async function setup(ocr = fakeOcr()) {
  const { core, procedure } = await readyCore({ ocrFactory: async () => ocr });
  const dossier = await sampleDossier(core, procedure);
  const [first, second] = dossier.components;
  return { core, dossier, first: first!, second: second!, ocr };
}

function pdftotext(file: string): string {
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
}

describe('digitization pipeline', () => {
  it('imports pages, OCRs them, and finds them by accent-insensitive full-text search', async () => {
    const { core, first } = await setup();
    const events: string[] = [];
    core.onEvent((e) => events.push(e));
    const { jobId } = await core.call('digitize.importFiles', {
      componentId: first.id,
      files: [{ name: 'to-khai.png', dataBase64: b64(await formPage('Tờ khai đăng ký khai sinh')) }],
    });
    const job = await waitJob(core, jobId);
    expect(job).toMatchObject({ state: 'done', errors: [] });
    const pages = await core.call('digitize.pages', { componentId: first.id });
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ sequence: 1, ocrStatus: 'done', blank: false, sourceName: 'to-khai.png', needsReview: false });
    expect(pages[0]!.dpi).toBeGreaterThanOrEqual(200);
    expect(pages[0]!.dpi).toBeLessThanOrEqual(300);
    expect(events).toEqual(expect.arrayContaining(['job.progress', 'pages.changed']));
    const text = await core.call('digitize.pageText', { pageId: pages[0]!.id });
    expect(text.text).toBe('Trang thử nghiệm số 1');
    expect(text.words[0]).toMatchObject({ text: 'Trang', confidence: 91 });

    const hits = await core.call('search.fullText', { query: 'THU NGHIEM' });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ componentId: first.id, pageId: pages[0]!.id, pageSequence: 1 });
    // The original words, accents and all, the matches marked.
    expect(hits[0]!.snippet).toBe('Trang [[thử]] [[nghiệm]] số 1');
    expect(await core.call('search.fullText', { query: 'khong co' })).toEqual([]);

    expect(await core.resolveFile('thumb', 'x'.repeat(64))).toBeNull();
    const full = await core.resolveFile('page', pages[0]!.imageId);
    expect(full && fs.existsSync(full.path)).toBe(true);
    // Thumbnails are asked for by the page's image id, the only id the renderer has.
    const thumb = (await core.resolveFile('thumb', pages[0]!.imageId))!;
    expect(thumb.mime).toBe('image/jpeg');
    expect((await sharp(thumb.path).metadata()).width).toBe(320);
    await core.close();
  });

  it('reports each bad file in Vietnamese and keeps the rest of the batch', async () => {
    const { core, first } = await setup();
    const good = await formPage('Giấy chứng sinh');
    const { jobId } = await core.call('digitize.importFiles', {
      componentId: first.id,
      files: [
        { name: 'rong.jpg', dataBase64: '' },
        { name: 'hong.png', dataBase64: b64(good.subarray(0, 200)) },
        { name: 'van-ban.docx', dataBase64: b64(Buffer.from('PK\u0003\u0004 not an image at all')) },
        { name: 'tot.png', dataBase64: b64(good) },
      ],
    });
    const job = await waitJob(core, jobId);
    expect(job.state).toBe('done');
    expect(job.errors.map((e) => e.item)).toEqual(['rong.jpg', 'hong.png', 'van-ban.docx']);
    expect(job.errors[0]!.message).toMatch(/rỗng/);
    expect(job.errors[1]!.message).toMatch(/hỏng|không đọc được/);
    expect(job.errors[2]!.message).toMatch(/không phải ảnh|không được hỗ trợ/);
    expect(await core.call('digitize.pages', { componentId: first.id })).toHaveLength(1);
    // The same file again into the same component is refused, not imported twice.
    const again = await waitJob(core, (await core.call('digitize.importFiles', { componentId: first.id, files: [{ name: 'tot-2.png', dataBase64: b64(good) }] })).jobId);
    expect(again.state).toBe('failed');
    expect(again.errors[0]!.message).toMatch(/đã được nhập/);
    expect(await core.call('digitize.pages', { componentId: first.id })).toHaveLength(1);
    await core.close();
  });

  it('flags blank pages without dropping them, and lets the officer reorder, rotate, move and delete', async () => {
    const { core, first, second } = await setup();
    const { jobId } = await core.call('digitize.importFiles', {
      componentId: first.id,
      files: [
        { name: 'a.png', dataBase64: b64(await formPage('Trang một')) },
        { name: 'trang.png', dataBase64: b64(blankPage()) },
        { name: 'b.png', dataBase64: b64(await formPage('Trang hai')) },
      ],
    });
    await waitJob(core, jobId);
    let pages = await core.call('digitize.pages', { componentId: first.id });
    expect(pages.map((p) => [p.sourceName, p.blank])).toEqual([
      ['a.png', false],
      ['trang.png', true],
      ['b.png', false],
    ]);
    pages = await core.call('digitize.reorder', { componentId: first.id, pageIds: [pages[2]!.id, pages[0]!.id, pages[1]!.id] });
    expect(pages.map((p) => p.sourceName)).toEqual(['b.png', 'a.png', 'trang.png']);

    const rotated = await core.call('digitize.rotate', { pageId: pages[0]!.id, degrees: 90 });
    expect(rotated.rotation).toBe((pages[0]!.rotation + 90) % 360);
    expect([rotated.width, rotated.height]).toEqual([pages[0]!.height, pages[0]!.width]);

    await core.call('digitize.movePages', { pageIds: [pages[1]!.id], toComponentId: second.id });
    await core.call('digitize.deletePage', { pageId: pages[2]!.id });
    expect((await core.call('digitize.pages', { componentId: first.id })).map((p) => [p.sourceName, p.sequence])).toEqual([['b.png', 1]]);
    expect((await core.call('digitize.pages', { componentId: second.id })).map((p) => [p.sourceName, p.sequence])).toEqual([['a.png', 1]]);
    const audit = await core.call('audit.list', { limit: 20 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['import', 'reorder', 'rotate', 'move', 'delete']));
    await core.close();
  });

  it('keeps a sideways scanner JPEG as captured and shows it upright everywhere', async () => {
    const { core, first } = await setup();
    const upright = await formPage('Trang quay ngang', 'jpeg');
    const sideways = await sharp(upright).rotate(270).withDensity(200).jpeg({ quality: 90 }).toBuffer();
    await waitJob(core, (await core.call('digitize.importFiles', { componentId: first.id, files: [{ name: 'ngang.jpg', dataBase64: b64(sideways) }] })).jobId);
    const [page] = await core.call('digitize.pages', { componentId: first.id });
    expect(page!.rotation).toBe(90);
    expect(page!.height).toBeGreaterThan(page!.width);
    // The archived bytes are the scanner's (content-addressed by their SHA-256).
    expect(page!.imageId).toBe(crypto.createHash('sha256').update(sideways).digest('hex'));
    // Shown upright: the page rendition and the thumbnail.
    const shown = (await core.resolveFile('page', page!.imageId))!;
    expect(path.relative(core.dataDir, shown.path).startsWith('files')).toBe(true);
    expect(await sharp(shown.path).metadata()).toMatchObject({ width: page!.width, height: page!.height });
    const thumb = await sharp((await core.resolveFile('thumb', page!.imageId))!.path).metadata();
    expect(thumb.height!).toBeGreaterThan(thumb.width!);
    // The PDF lays the captured image upright under the text layer.
    const built = await waitJob(core, (await core.call('digitize.buildPdf', { componentId: first.id })).jobId);
    expect(built.state, JSON.stringify(built.errors)).toBe('done');
    const comp = (await core.call('dossiers.get', { id: first.dossierId })).components[0]!;
    const pdfPath = (await core.resolveFile('pdf', comp.digitization.fileId!))!.path;
    expect(execFileSync('qpdf', ['--check', pdfPath], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
    expect(fs.readFileSync(pdfPath).includes(sideways)).toBe(true);
    expect(pdftotext(pdfPath)).toContain('Trang thử nghiệm số 1');
    // The officer turns it further: stored upright from then on.
    const turned = await core.call('digitize.rotate', { pageId: page!.id, degrees: 90 });
    expect([turned.width, turned.height]).toEqual([page!.height, page!.width]);
    const again = (await core.resolveFile('page', turned.imageId))!;
    expect(await sharp(again.path).metadata()).toMatchObject({ width: turned.width, height: turned.height });
    await core.close();
  });

  it('builds the searchable PDF of a component, records it, and rebuilds with corrected text', async () => {
    const { core, dossier, first } = await setup();
    await waitJob(core, (await core.call('digitize.importFiles', { componentId: first.id, files: [{ name: 'p1.jpg', dataBase64: b64(await formPage('Trang một', 'jpeg')) }, { name: 'p2.png', dataBase64: b64(await formPage('Trang hai')) }] })).jobId);
    const built = await waitJob(core, (await core.call('digitize.buildPdf', { componentId: first.id })).jobId);
    expect(built.state, JSON.stringify(built.errors)).toBe('done');
    const detail = await core.call('dossiers.get', { id: dossier.id });
    const comp = detail.components[0]!;
    expect(comp.digitization).toMatchObject({ pageCount: 2, resultCode: `${dossier.code}-01` });
    expect(comp.digitization.fileId).toMatch(/^[0-9a-f]{64}$/);
    const file = (await core.resolveFile('pdf', comp.digitization.fileId!))!;
    expect(file.mime).toBe('application/pdf');
    expect(file.name).toBe(`${dossier.code}-01.pdf`);
    const text = pdftotext(file.path);
    expect(text).toContain('Trang thử nghiệm số 1');
    expect(text).toContain('Trang thử nghiệm số 2');

    const pages = await core.call('digitize.pages', { componentId: first.id });
    await core.call('digitize.correctPage', { pageId: pages[0]!.id, text: 'Tờ khai đăng ký khai sinh đã sửa' });
    // Any change to the pages withdraws the old electronic copy until it is rebuilt.
    expect((await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization.fileId).toBeNull();
    await waitJob(core, (await core.call('digitize.buildPdf', { componentId: first.id, resultCode: 'KQ-001' })).jobId);
    const after = (await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization;
    expect(after.resultCode).toBe('KQ-001');
    expect(pdftotext((await core.resolveFile('pdf', after.fileId!))!.path)).toContain('Tờ khai đăng ký khai sinh đã sửa');
    await core.close();
  });

  it('finishes OCR after a killed process: pages left pending are recognized at the next start', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const hanging = fakeOcr();
    const slow = { ...hanging, recognize: async (img: Buffer) => (await stuck, hanging.recognize(img)) };
    const { core, first } = await setup(slow);
    const dir = core.dataDir;
    await core.call('digitize.importFiles', { componentId: first.id, files: [{ name: 'x.png', dataBase64: b64(await formPage('Trang dang do')) }] });
    for (let i = 0; i < 200 && (await core.call('digitize.pages', { componentId: first.id })).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await core.call('digitize.pages', { componentId: first.id }))[0]!.ocrStatus).toMatch(/pending|running/);
    // Simulate the kill: the store stays as it is; a new core opens the same folder.
    const closing = core.close();
    release();
    await closing;
    const ocr = fakeOcr(() => 'Trang đã nhận dạng lại');
    const again = await testCore({ dataDir: dir, ocrFactory: async () => ocr });
    await again.call('auth.signIn', { username: 'admin', pin: '246802' });
    let page;
    for (let i = 0; i < 200; i++) {
      page = (await again.call('digitize.pages', { componentId: first.id }))[0]!;
      if (page.ocrStatus === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(page!.ocrStatus).toBe('done');
    expect((await again.call('digitize.pageText', { pageId: page!.id })).text).toBe('Trang đã nhận dạng lại');
    await again.close();
  });
});

describe('page resolution', () => {
  it('takes a page without resolution metadata for an A4 sheet (not a 72-dpi poster)', async () => {
    const { core, first } = await setup();
    // The canvas encoder writes no pHYs chunk: an A4 page at 200 dpi with no stated resolution.
    const { textPage } = await import('../../helpers/pages');
    const png = textPage(['Tờ khai', 'Họ và tên: Trần Văn Đức', 'Nơi cư trú: phường Bến Thành', 'Số định danh: 079203001234'], { dpi: 200 });
    await waitJob(core, (await core.call('digitize.importFiles', { componentId: first.id, files: [{ name: 'khong-dpi.png', dataBase64: b64(png) }] })).jobId);
    const page = (await core.call('digitize.pages', { componentId: first.id }))[0]!;
    expect(Math.abs(page.dpi - 200)).toBeLessThanOrEqual(2);
    await core.close();
  });
});

describe('digitization storage', () => {
  it('keeps files content-addressed inside the data folder', async () => {
    const { core, first } = await setup();
    await waitJob(core, (await core.call('digitize.importFiles', { componentId: first.id, files: [{ name: 'a.png', dataBase64: b64(await formPage('A')) }] })).jobId);
    const page = (await core.call('digitize.pages', { componentId: first.id }))[0]!;
    const f = (await core.resolveFile('page', page.imageId))!;
    expect(path.relative(core.dataDir, f.path).startsWith('files')).toBe(true);
    expect(path.basename(f.path).startsWith(page.imageId)).toBe(true);
    expect(tempDir()).not.toBe(core.dataDir);
    await core.close();
  });
});

describe('PDF sources', () => {
  it('keeps a PDF that already has text as it is: no OCR, its text searchable and in the result', async () => {
    const fontkit = (await import('@pdf-lib/fontkit')).default;
    const { PDFDocument } = await import('pdf-lib');
    const { fontBytes } = await import('../../../main/pdf/font');
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(fontBytes(), { subset: true });
    const page = doc.addPage([595, 842]);
    page.drawText('Quyết định về việc cấp giấy phép xây dựng nhà ở riêng lẻ', { x: 50, y: 780, size: 12, font });
    const pdf = Buffer.from(await doc.save());

    const ocr = fakeOcr();
    const { core, dossier, first } = await setup(ocr);
    const job = await waitJob(core, (await core.call('digitize.importFiles', { componentId: first.id, files: [{ name: 'quyet-dinh.pdf', dataBase64: b64(pdf) }] })).jobId);
    expect(job.state, JSON.stringify(job.errors)).toBe('done');
    const pages = await core.call('digitize.pages', { componentId: first.id });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.ocrStatus).toBe('skipped');
    expect((await core.call('digitize.pageText', { pageId: pages[0]!.id })).text).toContain('cấp giấy phép xây dựng');
    expect((await core.call('search.fullText', { query: 'giay phep xay dung' })).map((h) => h.pageId)).toEqual([pages[0]!.id]);
    await waitJob(core, (await core.call('digitize.buildPdf', { componentId: first.id })).jobId);
    expect(ocr.calls()).toBe(0);
    const fileId = (await core.call('dossiers.get', { id: dossier.id })).components[0]!.digitization.fileId!;
    expect(pdftotext((await core.resolveFile('pdf', fileId))!.path)).toContain('Quyết định về việc cấp giấy phép xây dựng nhà ở riêng lẻ');
    await core.close();
  });
});
