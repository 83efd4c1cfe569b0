import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildSearchablePdf, fontPath, setFontPath, type PdfImagePage, type PdfMeta } from '../../../main/pdf/searchable-pdf';
import { fontBytes } from '../../../main/pdf/font';
import { parsePngForPdf } from '../../../main/pdf/png';
import { renderTextPage, VI_LINES } from './fixtures';
import { pdfinfo, pdftotextRaw, popplerGray, qpdfCheck, withPdfFile } from './helpers';
import { execFileSync } from 'node:child_process';

const META: PdfMeta = {
  title: 'Đơn đề nghị cấp giấy khai sinh',
  dossierCode: 'H29.25-250115-0007',
  component: 'Tờ khai đăng ký khai sinh',
  officer: 'Trần Thị Bích Ngọc',
  createdAt: new Date('2025-01-15T08:30:00Z'),
};

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && l !== '\f');
}

function imageStreams(doc: PDFDocument, pageIndex = 0): PDFRawStream[] {
  const xo = doc.getPage(pageIndex).node.Resources()!.lookup(PDFName.of('XObject'), PDFDict);
  return xo.values().map((v) => doc.context.lookup(v)).filter((v): v is PDFRawStream => v instanceof PDFRawStream);
}

describe('buildSearchablePdf', () => {
  const page = renderTextPage(VI_LINES, { dpi: 200 });

  it('gives the recognized lines back with pdftotext -raw, NFC, every diacritic intact', async () => {
    // Feed decomposed (NFD) text as some OCR engines emit: the PDF must carry NFC.
    const nfdPage: PdfImagePage = { ...page, lines: page.lines.map((l) => ({ ...l, words: l.words.map((w) => ({ ...w, text: w.text.normalize('NFD') })) })) };
    const pdf = await buildSearchablePdf([nfdPage], META);
    const out = pdftotextRaw(pdf);
    expect(lines(out)).toEqual(VI_LINES);
    expect(out).toContain('Cộng hòa xã hội chủ nghĩa Việt Nam');
    expect(out).toContain('Đơn đề nghị cấp giấy khai sinh');
    expect(out.normalize('NFC')).toBe(out);
  });

  it('passes qpdf --check, has PDF ≥ 1.4, metadata, and page size = pixels / dpi', async () => {
    const pdf = await buildSearchablePdf([page], META);
    expect(Buffer.from(pdf.subarray(0, 8)).toString('latin1')).toMatch(/^%PDF-1\.[4-7]/);
    const check = qpdfCheck(pdf);
    expect(check.status, check.output).toBe(0);
    expect(check.output).toContain('No syntax or stream encoding errors');
    const info = pdfinfo(pdf);
    expect(info.Title).toBe(META.title);
    expect(info.Author).toBe(META.officer);
    expect(info.Subject).toBe(META.component);
    expect(info.Keywords).toBe(META.dossierCode);
    expect(info.Producer).toBe('Một Cửa Số');
    expect(info.CreationDate).toMatch(/2025/);
    expect(info.JavaScript).toBe('no');
    const doc = await PDFDocument.load(pdf);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo((page.width * 72) / page.dpi, 2);
    expect(height).toBeCloseTo((page.height * 72) / page.dpi, 2);
    // The font is embedded (subset) and used for invisible text only.
    const fonts = withPdfFile(pdf, (f) => execFileSync('pdffonts', [f], { encoding: 'utf8' }));
    expect(fonts).toMatch(/DejaVuSans.*CID TrueType.*yes/);
  });

  it('embeds the JPEG bytes unchanged', async () => {
    const pdf = await buildSearchablePdf([page], META);
    const [img] = imageStreams(await PDFDocument.load(pdf));
    expect(img!.dict.lookup(PDFName.of('Filter'))).toBe(PDFName.of('DCTDecode'));
    expect(Buffer.from(img!.contents).equals(page.image)).toBe(true);
  });

  it('embeds PNG data without re-encoding (gray, palette, 1-bit) and poppler draws the same pixels', async () => {
    const src = renderTextPage(['Giấy chứng nhận quyền sử dụng đất'], { dpi: 100, mime: 'image/png', width: 600, height: 300, fontPx: 30 });
    const opaque = () => sharp(src.image).removeAlpha();
    const variants: Array<[string, Buffer]> = [
      ['gray', await opaque().toColourspace('b-w').png().toBuffer()],
      ['palette', await opaque().png({ palette: true, colours: 16 }).toBuffer()],
      ['1-bit', await opaque().threshold(128).png({ palette: true, colours: 2 }).toBuffer()],
      ['rgb', await opaque().png().toBuffer()],
    ];
    for (const [name, png] of variants) {
      const pdf = await buildSearchablePdf([{ ...src, image: png, mime: 'image/png' }], META);
      const [img] = imageStreams(await PDFDocument.load(pdf));
      expect(img!.dict.lookup(PDFName.of('Filter')), name).toBe(PDFName.of('FlateDecode'));
      // The stream is the PNG's IDAT payload (all IDAT chunks joined), byte for byte.
      const parsed = parsePngForPdf(png);
      expect(parsed, name).not.toBeNull();
      expect(Buffer.from(img!.contents).equals(parsed!.idat), name).toBe(true);
      expect(img!.contents.length, name).toBeGreaterThan(0);
      const pgm = popplerGray(pdf, 100);
      const expected = await sharp(png).toColourspace('b-w').raw().toBuffer();
      const pixels = pgm.subarray(pgm.length - expected.length);
      let diff = 0;
      for (let i = 0; i < expected.length; i++) diff += Math.abs(pixels[i]! - expected[i]!);
      expect(diff / expected.length, name).toBeLessThan(2);
    }
  });

  it('handles PNG with alpha through the fallback path', async () => {
    const src = renderTextPage(['Một dòng'], { dpi: 100, mime: 'image/png', width: 300, height: 100, fontPx: 20 });
    const rgba = await sharp(src.image).ensureAlpha(0.5).png().toBuffer();
    const pdf = await buildSearchablePdf([{ ...src, image: rgba }], META);
    expect(qpdfCheck(pdf).status).toBe(0);
    expect(lines(pdftotextRaw(pdf))).toEqual(['Một dòng']);
  });

  it('places each word over its box on the image', async () => {
    const pdf = await buildSearchablePdf([page], META);
    const html = withPdfFile(pdf, (f) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }));
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)];
    const k = 72 / page.dpi;
    const ocr = page.lines.flatMap((l) => l.words);
    expect(words.length).toBe(ocr.length);
    words.forEach((m, i) => {
      const w = ocr[i]!;
      expect(Math.abs(Number(m[1]) - w.bbox.x0 * k)).toBeLessThan(1.5);
      // Vertical: the word's extent lies within its line box (± 2 pt).
      expect(Number(m[2])).toBeGreaterThan(w.bbox.y0 * k - 12);
      expect(Number(m[4])).toBeLessThan(w.bbox.y1 * k + 12);
    });
  });

  it('copies pages of a PDF that already has text, unchanged and without OCR', async () => {
    const d = await PDFDocument.create();
    d.registerFontkit(fontkit);
    const f = await d.embedFont(fontBytes(), { subset: true });
    for (const t of ['Trang một: Quyết định', 'Trang hai: Phụ lục đính kèm']) {
      d.addPage([595, 842]).drawText(t, { x: 50, y: 780, size: 14, font: f, color: rgb(0, 0, 0) });
    }
    const textPdf = Buffer.from(await d.save());
    const pdf = await buildSearchablePdf([page, { pdf: textPdf, pageIndex: 1 }, { pdf: textPdf, pageIndex: 0 }], META);
    expect(lines(pdftotextRaw(pdf, ['-f', '2', '-l', '2']))).toEqual(['Trang hai: Phụ lục đính kèm']);
    expect(lines(pdftotextRaw(pdf, ['-f', '3', '-l', '3']))).toEqual(['Trang một: Quyết định']);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(3);
    expect(doc.getPage(1).getSize()).toEqual({ width: 595, height: 842 });
    expect(qpdfCheck(pdf).status).toBe(0);
    await expect(buildSearchablePdf([{ pdf: textPdf, pageIndex: 5 }], META)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('font path resolves to the packaged DejaVu Sans and can be overridden', () => {
    expect(fontPath()).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans\.ttf$/);
    setFontPath('/elsewhere/DejaVuSans.ttf');
    expect(fontPath()).toBe('/elsewhere/DejaVuSans.ttf');
    setFontPath(null);
    expect(fontPath()).toMatch(/DejaVuSans\.ttf$/);
  });

  it('is fast: ms per page for a 30-page document (printed)', async () => {
    // Distinct text per page so the per-word cache does not flatter the numbers.
    const vocab = 'hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất ở tài sản gắn liền với thửa số tờ bản đồ diện tích mét vuông phường xã huyện tỉnh ông bà năm sinh căn cước công dân địa chỉ thường trú'.split(' ');
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const images = [renderTextPage(VI_LINES, { dpi: 300 }), renderTextPage(VI_LINES.slice(3), { dpi: 300 })];
    const pages: PdfImagePage[] = Array.from({ length: 30 }, (_, p) => {
      const base = images[p % 2]!;
      const ls = Array.from({ length: 40 }, (_, i) => {
        const words = Array.from({ length: 10 }, (_, j) => ({ text: `${vocab[Math.floor(rnd() * vocab.length)]}${p}${j}`, confidence: 90, bbox: { x0: 200 + j * 180, y0: 200 + i * 75, x1: 360 + j * 180, y1: 250 + i * 75 } }));
        return { words, bbox: { x0: 200, y0: 200 + i * 75, x1: 2000, y1: 250 + i * 75 } };
      });
      return { ...base, lines: ls };
    });
    await buildSearchablePdf(pages.slice(0, 1), META); // warm-up (font parse, JIT)
    const t0 = performance.now();
    const pdf = await buildSearchablePdf(pages, META);
    const perPage = (performance.now() - t0) / pages.length;
    console.log(`[bench] buildSearchablePdf: ${perPage.toFixed(1)} ms/trang (30 trang A4 300 dpi, 400 từ/trang, ${(pdf.length / 1048576).toFixed(1)} MB)`);
    expect(perPage).toBeLessThan(750); // budget for the whole pipeline is 1 500 ms/page; unloaded ≈ 30 ms
    expect(lines(pdftotextRaw(pdf, ['-f', '30', '-l', '30']))).toHaveLength(40);
  });
});
