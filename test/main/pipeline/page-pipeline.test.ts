import { describe, expect, it } from 'vitest';
import { decodeFile, isPageError } from '../../../main/capture/decode';
import { buildSearchablePdf, isCopiedPage } from '../../../main/pdf/searchable-pdf';
import { admitPage, pagesInFlight, preparePage, processFile, recognize, toPdfPage, type PipelineEngine, type ProcessedPage } from '../../../main/pipeline/page-pipeline';
import type { DecodedPage, OcrHints } from '../../../main/ocr/types';
import { fakeOcr } from '../../helpers/fake-ocr';
import { blankPage, scannedPage } from '../../helpers/pages';

const LINES = ['Tờ khai đăng ký khai sinh', 'Họ và tên người yêu cầu: Trần Văn Đức', 'Nơi cư trú: 12 Lê Lợi, phường Bến Thành', 'Số định danh cá nhân: 079203001234'];

async function decodeOne(name: string, data: Buffer): Promise<DecodedPage> {
  for await (const item of decodeFile({ name, data })) {
    if (isPageError(item)) throw item.error;
    return item;
  }
  throw new Error('no page');
}

/** The fake engine, recording what it was asked to read (and when, for the in-flight bound). */
function recordingOcr(size?: number) {
  const fake = fakeOcr();
  const seen: { image: Buffer; hints?: OcrHints; lengthWhenCalled: number }[] = [];
  let reading = 0;
  let maxReading = 0;
  const engine: PipelineEngine = {
    ...fake,
    size,
    async recognize(image, hints) {
      seen.push({ image, hints, lengthWhenCalled: image.length });
      reading++;
      maxReading = Math.max(maxReading, reading);
      try {
        await new Promise((r) => setTimeout(r, 20));
        return await fake.recognize(image);
      } finally {
        reading--;
      }
    },
  };
  return { engine, seen, maxReading: () => maxReading };
}

describe('page pipeline', () => {
  it('takes a page through decode → clean-up → OCR → PDF page input, lines in the page’s pixels', async () => {
    const { engine, seen } = recordingOcr();
    const decoded = await decodeOne('to-khai.png', await scannedPage(LINES));
    const prepared = await preparePage(decoded, engine);
    if (prepared.kind !== 'image') throw new Error('expected an image page');
    expect(prepared.clean.blank).toBe(false);
    expect(prepared.clean.dpi).toBeGreaterThanOrEqual(200);
    expect([prepared.width, prepared.height]).toEqual([prepared.clean.width, prepared.clean.height]);
    // OCR reads clean-up's greyscale copy (made for this reading), with its layout analysis.
    expect(prepared.ocr).not.toBeNull();
    expect(prepared.ocr!.ownCopy).toBe(true);
    expect(prepared.ocr!.image.subarray(0, 2).toString('latin1')).toBe('P5');
    expect(prepared.ocr!.hints.layout).toBeTruthy();
    // The clean page keeps the archived image only.
    expect(prepared.clean.ocrImage).toBeUndefined();

    const text = await recognize(engine, prepared);
    expect(seen).toHaveLength(1);
    expect(text.text).toBe('Trang thử nghiệm số 1');
    expect(text.confidence).toBe(91);
    expect(text.lines[0]!.words[0]).toMatchObject({ text: 'Trang', confidence: 91 });

    const page = toPdfPage(prepared, text.lines);
    expect(isCopiedPage(page)).toBe(false);
    expect(page).toMatchObject({ image: prepared.clean.image, mime: prepared.clean.mime, width: prepared.width, height: prepared.height, dpi: prepared.clean.dpi, lines: text.lines });
    const pdf = await buildSearchablePdf([page], { title: 't', dossierCode: 'X', component: 'c', officer: 'o', createdAt: new Date(0) });
    expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('releases the OCR copy and its layout once read, also when the reading fails', async () => {
    const { engine, seen } = recordingOcr();
    const prepared = await preparePage(await decodeOne('a.jpg', await scannedPage(LINES, { format: 'jpeg' })), engine);
    if (prepared.kind !== 'image' || !prepared.ocr) throw new Error('expected a page to read');
    const { image, hints } = prepared.ocr;
    const ink = hints.layout!.ink;
    expect(image.length).toBeGreaterThan(1 << 16);
    await recognize(engine, prepared);
    expect(seen[0]!.lengthWhenCalled).toBeGreaterThan(1 << 16); // whole while it was read
    expect(image.length).toBe(0); // detached afterwards
    expect((image.buffer as ArrayBuffer & { detached?: boolean }).detached).toBe(true);
    expect(ink.length).toBe(0);
    // The archived image is the caller's and is left alone.
    expect(prepared.clean.image.length).toBeGreaterThan(0);

    const failing: PipelineEngine = { ...engine, recognize: async () => Promise.reject(new Error('boom')) };
    const again = await preparePage(await decodeOne('b.png', await scannedPage(LINES)), failing);
    if (again.kind !== 'image' || !again.ocr) throw new Error('expected a page to read');
    const copy = again.ocr.image;
    await expect(recognize(failing, again)).rejects.toThrow('boom');
    expect(copy.length).toBe(0);
  });

  it('does not free an image it does not own, and gives a blank page nothing to read', async () => {
    const { engine, seen } = recordingOcr();
    const stored = await scannedPage(LINES);
    const text = await recognize(engine, { width: 100, height: 100, ocr: { image: stored, hints: { dpi: 300 }, ownCopy: false } });
    expect(stored.length).toBeGreaterThan(0);
    expect(text.text).toBe('Trang thử nghiệm số 1');

    const blank = await preparePage(await decodeOne('blank.png', blankPage()), engine);
    expect(blank.kind === 'image' && blank.clean.blank).toBe(true);
    expect(blank.kind === 'image' && blank.ocr).toBeNull();
    expect(await recognize(engine, blank as never)).toEqual({ text: '', lines: [], confidence: null });
    expect(seen).toHaveLength(1);
  });

  it('processFile streams the pages of a file in order with a bounded number in flight', async () => {
    const { engine, maxReading } = recordingOcr(1);
    expect(pagesInFlight(engine)).toBe(2);
    // A three-page TIFF.
    const sharp = (await import('sharp')).default;
    const pages = await Promise.all([0, 1, 2].map(async (i) => sharp(await scannedPage([`Trang ${i + 1}`, ...LINES])).toBuffer()));
    const tiff = await sharp(pages, { join: { animated: true } }).tiff().toBuffer().catch(() => null);
    const files = tiff ? [{ name: 'ho-so.tif', data: tiff }] : pages.map((data, i) => ({ name: `p${i}.png`, data }));
    const got: ProcessedPage[] = [];
    const errors: unknown[] = [];
    for (const f of files) await processFile(f, engine, { page: (p) => void got.push(p), error: (_i, e) => errors.push(e) });
    expect(errors).toEqual([]);
    expect(got.map((p) => p.text.text)).toEqual(['Trang thử nghiệm số 1', 'Trang thử nghiệm số 2', 'Trang thử nghiệm số 3']);
    if (tiff) expect(got.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(got.every((p) => !isCopiedPage(p.pdf) && p.pdf.lines.length === 1)).toBe(true);
    expect(maxReading()).toBeLessThanOrEqual(pagesInFlight(engine));
    // Every page slot was given back.
    const frees = await Promise.all(Array.from({ length: pagesInFlight(engine) }, () => admitPage(engine)));
    frees.forEach((f) => f());
  });

  it('processFile reports a file it cannot read', async () => {
    const { engine } = recordingOcr();
    await expect(processFile({ name: 'x.txt', data: Buffer.from('not an image') }, engine, { page: () => undefined, error: () => undefined })).rejects.toThrow();
    // The slot taken for the failed file is free again.
    const frees = await Promise.all(Array.from({ length: pagesInFlight(engine) }, () => admitPage(engine)));
    frees.forEach((f) => f());
  });
});
