import { crc32, deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, PDFString, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { DecodedPage } from '../../../main/ocr/types';
import { decodeFile, isPageError, sniffFormat, type DecodeItem, type DecodeLimits } from '../../../main/capture/decode';
import { fontBytes } from '../../../main/pdf/font';
import { buildSearchablePdf } from '../../../main/pdf/searchable-pdf';
import { rawPdf, renderTextPage } from '../pdf/fixtures';
import { qpdf } from '../pdf/helpers';

const META = { title: 't', dossierCode: 'c', component: 'x', officer: 'o', createdAt: new Date() };

async function all(name: string, data: Buffer, limits?: DecodeLimits): Promise<DecodeItem[]> {
  const out: DecodeItem[] = [];
  for await (const item of decodeFile({ name, data }, limits)) out.push(item);
  return out;
}

async function pages(name: string, data: Buffer, limits?: DecodeLimits): Promise<DecodedPage[]> {
  const items = await all(name, data, limits);
  for (const i of items) if (isPageError(i)) throw i.error;
  return items as DecodedPage[];
}

async function codeOf(name: string, data: Buffer, limits?: DecodeLimits): Promise<string> {
  try {
    await all(name, data, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  return 'no error';
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A valid-looking PNG header declaring w × h with almost no pixel data. */
function hugePng(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(100))), pngChunk('IEND', Buffer.alloc(0))]);
}

async function multiPageTiff(n: number): Promise<Buffer> {
  const imgs = await Promise.all(Array.from({ length: n }, (_, i) => sharp({ create: { width: 600, height: 800, channels: 3, background: { r: 40 * i, g: 120, b: 200 } } }).png().toBuffer()));
  return sharp(imgs, { join: { animated: true } }).tiff({ compression: 'lzw', xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer();
}

/** Points page `index`'s StripOffsets past the end of the file: that page alone is unreadable. */
function breakTiffPage(tif: Buffer, index: number): Buffer {
  const out = Buffer.from(tif);
  let ifd = out.readUInt32LE(4);
  for (let p = 0; ifd; p++) {
    const count = out.readUInt16LE(ifd);
    if (p === index) {
      for (let i = 0; i < count; i++) {
        const e = ifd + 2 + i * 12;
        if (out.readUInt16LE(e) === 273) out.writeUInt32LE(0x7ffffff0, e + 8);
      }
    }
    ifd = out.readUInt32LE(ifd + 2 + count * 12);
  }
  return out;
}

async function textPdf(texts: string[]): Promise<Buffer> {
  const d = await PDFDocument.create();
  d.registerFontkit(fontkit);
  const f = await d.embedFont(fontBytes(), { subset: true });
  for (const t of texts) d.addPage([595, 842]).drawText(t, { x: 50, y: 780, size: 14, font: f, color: rgb(0, 0, 0) });
  return Buffer.from(await d.save());
}

describe('sniffFormat', () => {
  it('decides by bytes, not names', () => {
    expect(sniffFormat(Buffer.from('PK\x03\x04rest-of-docx', 'latin1'))).toBeNull();
    expect(sniffFormat(Buffer.from('Xin chào, đây là tệp văn bản'))).toBeNull();
    expect(sniffFormat(Buffer.from('\n\n%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFormat(Buffer.from('ffd8ffe0', 'hex'))).toBe('jpeg');
  });
});

describe('decodeFile: images', () => {
  const scan = renderTextPage(['Giấy xác nhận tình trạng hôn nhân'], { dpi: 300, width: 1240, height: 1754, fontPx: 40 });

  it('JPEG: original bytes, size and dpi from the header', async () => {
    const jpeg = await sharp(scan.image).withDensity(300).jpeg().toBuffer();
    const [p] = await pages('anh.png' /* wrong extension on purpose */, jpeg);
    expect(p!.image).toBe(jpeg);
    expect(p).toMatchObject({ index: 0, width: 1240, height: 1754, dpi: 300, color: true });
  });

  it('JPEG with EXIF rotation comes out upright', async () => {
    const jpeg = await sharp(scan.image).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const [p] = await pages('phone.jpg', jpeg);
    expect([p!.width, p!.height]).toEqual([1754, 1240]);
    expect((await sharp(p!.image).metadata()).orientation ?? 1).toBe(1);
  });

  it('PNG: passed through, grayscale detected, camera-style 72 dpi treated as unknown', async () => {
    const png = await sharp(scan.image).removeAlpha().toColourspace('b-w').png().toBuffer();
    const [p] = await pages('scan.png', png);
    expect(p!.image).toBe(png);
    expect(p).toMatchObject({ width: 1240, height: 1754, color: false, dpi: null });
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#ccc' } }).withDensity(72).jpeg().toBuffer();
    expect((await pages('photo.jpg', photo))[0]!.dpi).toBeNull();
  });

  it('multi-page TIFF: every page, losslessly as PNG', async () => {
    const tif = await multiPageTiff(3);
    const ps = await pages('scan.tif', tif);
    expect(ps.map((p) => [p.index, p.width, p.height, p.dpi])).toEqual([[0, 600, 800, 300], [1, 600, 800, 300], [2, 600, 800, 300]]);
    const px = await sharp(ps[2]!.image).raw().toBuffer();
    expect([px[0], px[1], px[2]]).toEqual([80, 120, 200]);
  });

  it('a broken page inside a TIFF is reported and the other pages still come out', async () => {
    const items = await all('scan.tif', breakTiffPage(await multiPageTiff(3), 1));
    expect(items).toHaveLength(3);
    expect(isPageError(items[0]!)).toBe(false);
    expect(isPageError(items[1]!) && items[1].error.code).toBe('FILE_CORRUPT');
    expect(isPageError(items[1]!) && items[1].index).toBe(1);
    expect(isPageError(items[2]!)).toBe(false);
  });

  it('WebP and BMP', async () => {
    const webp = await sharp(scan.image).webp({ lossless: true }).toBuffer();
    const [w] = await pages('a.webp', webp);
    expect(w).toMatchObject({ width: 1240, height: 1754 });
    expect(sniffFormat(w!.image)).toBe('png');
    // 24-bit BMP, 3×2, bottom-up, 300 dpi
    const row = 12;
    const bmp = Buffer.alloc(54 + row * 2, 0x80);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(bmp.length, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(3, 18);
    bmp.writeInt32LE(2, 22);
    bmp.writeUInt16LE(1, 26);
    bmp.writeUInt16LE(24, 28);
    bmp.writeUInt32LE(0, 30);
    bmp.writeInt32LE(11811, 38);
    const [b] = await pages('old-driver.bmp', bmp);
    expect(b).toMatchObject({ width: 3, height: 2, color: false });
    expect(await codeOf('cut.bmp', bmp.subarray(0, 60))).toBe('FILE_CORRUPT');
  });
});

describe('decodeFile: PDF', () => {
  it('a page with a text layer yields the text and a preview, not an image to OCR', async () => {
    const pdf = await textPdf(['Đơn đề nghị cấp giấy khai sinh cho con', 'Phụ lục: bản sao giấy chứng sinh']);
    const ps = await pages('don.pdf', pdf);
    expect(ps).toHaveLength(2);
    expect(ps[0]!.textLayer).toEqual({ pdf, pageIndex: 0, text: 'Đơn đề nghị cấp giấy khai sinh cho con' });
    expect(ps[1]!.textLayer?.pageIndex).toBe(1);
    expect(ps[0]).toMatchObject({ width: 1240, height: 1754, dpi: 150 }); // 595 × 842 pt at 150 dpi
    expect(sniffFormat(ps[0]!.image)).toBe('png');
  });

  it('an image-only page made of one full-page JPEG gives that JPEG back untouched', async () => {
    const scan = renderTextPage(['Bản scan'], { dpi: 300, width: 2480, height: 3508, fontPx: 60 });
    const pdf = Buffer.from(await buildSearchablePdf([{ ...scan, lines: [] }], META));
    const [p] = await pages('scan.pdf', pdf);
    expect(Buffer.compare(p!.image, scan.image)).toBe(0);
    expect(p).toMatchObject({ width: 2480, height: 3508, dpi: 300 });
    expect(p!.textLayer).toBeUndefined();
  });

  it('other image-only pages are rendered at 300 dpi; text and image pages mix', async () => {
    const scan = renderTextPage(['Bản scan'], { dpi: 200, width: 1654, height: 2339, fontPx: 60, mime: 'image/png' });
    const imgPdf = await PDFDocument.load(await buildSearchablePdf([{ ...scan, lines: [] }], META));
    const mixed = await PDFDocument.load(await textPdf(['Trang có chữ: quyết định giao đất cho hộ gia đình']));
    const [copied] = await mixed.copyPages(imgPdf, [0]);
    mixed.addPage(copied);
    const t0 = performance.now();
    const ps = await pages('mixed.pdf', Buffer.from(await mixed.save()));
    console.log(`[bench] decode PDF: ${(performance.now() - t0).toFixed(0)} ms cho 1 trang chữ (xem trước 150 dpi) + 1 trang ảnh (dựng 300 dpi)`);
    expect(ps[0]!.textLayer?.text).toContain('quyết định giao đất');
    expect(ps[1]!.textLayer).toBeUndefined();
    expect(ps[1]).toMatchObject({ width: 2481, height: 3509, dpi: 300, color: false }); // 1654 × 2339 px @200 → ×1.5
  });

  it('PDF with JavaScript is refused as PDF_UNSAFE', async () => {
    const d = await PDFDocument.load(await textPdf(['Hồ sơ có mã lệnh tự chạy khi mở tệp']));
    d.catalog.set(PDFName.of('OpenAction'), d.context.obj({ S: 'JavaScript', JS: PDFString.of('app.launchURL("http://x")') }));
    const err = await all('js.pdf', Buffer.from(await d.save())).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PDF_UNSAFE' });
    expect((err as AppError).message).toMatch(/JavaScript/);
  });

  it('password-protected PDF: a clear message; permissions-only encryption: pages rendered', async () => {
    const plain = await textPdf(['Văn bản được bảo vệ bằng mật khẩu khi mở']);
    const locked = qpdf((i, o) => ['--encrypt', 'matkhau', 'owner', '256', '--', i, o], plain);
    const err = await all('locked.pdf', locked).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FILE_UNSUPPORTED', details: { reason: 'PDF_ENCRYPTED' } });
    expect((err as AppError).message).toMatch(/mật khẩu/);
    const restricted = qpdf((i, o) => ['--encrypt', '', 'owner', '256', '--', i, o], plain);
    const [p] = await pages('restricted.pdf', restricted);
    expect(p!.textLayer).toBeUndefined(); // cannot be copied: OCR from the rendering instead
    expect(p!.dpi).toBe(300);
  });

  it('a broken page inside a PDF is reported and the good pages still come out', async () => {
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>',
      '[1 2 3]',
    ]);
    const items = await all('broken.pdf', pdf);
    expect(isPageError(items[0]!)).toBe(false);
    expect(items[1]).toMatchObject({ index: 1, error: { code: 'FILE_CORRUPT' } });
  });

  it('a huge declared image inside a PDF is skipped, not decoded', async () => {
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R /Resources << /XObject << /Im 5 0 R >> >> >>',
      '<< /Length 30 >>\nstream\nq 100 0 0 100 0 0 cm /Im Do Q\nendstream',
      '<< /Type /XObject /Subtype /Image /Width 99999 /Height 99999 /BitsPerComponent 8 /ColorSpace /DeviceRGB /Length 5 >>\nstream\nabcde\nendstream',
    ]);
    const t0 = performance.now();
    const ps = await pages('bomb.pdf', pdf);
    expect(ps).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe('decodeFile: bad input', () => {
  it('every kind of bad file gets its own AppError code', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#abc' } }).jpeg().toBuffer();
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#abc' } }).png().toBuffer();
    expect(await codeOf('empty.jpg', Buffer.alloc(0))).toBe('FILE_EMPTY');
    expect(await codeOf('cut.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBe('FILE_CORRUPT');
    expect(await codeOf('cut.png', png.subarray(0, Math.floor(png.length / 2)))).toBe('FILE_CORRUPT');
    expect(await codeOf('noise.jpg', Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(5000, 0x37)]))).toBe('FILE_CORRUPT');
    expect(await codeOf('hoso.docx', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(3000, 1)]))).toBe('FILE_UNSUPPORTED');
    expect(await codeOf('ghichu.jpg', Buffer.from('Đây là một tệp văn bản, không phải ảnh.\n'))).toBe('FILE_UNSUPPORTED');
    expect(await codeOf('big.pdf', Buffer.alloc(200 * 1024 * 1024 + 1))).toBe('FILE_TOO_LARGE');
    expect(await codeOf('not-really.pdf', Buffer.from('%PDF-1.7\n' + 'rác '.repeat(500)))).toBe('FILE_CORRUPT');
  });

  it('30 000 × 30 000 px: IMAGE_TOO_LARGE from the header alone', async () => {
    const t0 = performance.now();
    const err = await all('poster.png', hugePng(30_000, 30_000)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'IMAGE_TOO_LARGE', details: { width: 30_000, height: 30_000 } });
    expect(performance.now() - t0).toBeLessThan(2000); // never decoded (that would need 2.7 GB)
    const tif = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#000' } }).toColourspace('b-w').tiff().toBuffer();
    expect(await codeOf('limit.tif', tif, { maxPixels: 500_000 })).toBe('IMAGE_TOO_LARGE');
  });
});

describe('decode → searchable PDF', () => {
  it('uploaded JPEG and a text PDF page end up in one archive PDF: JPEG verbatim, text copied', async () => {
    const scan = renderTextPage(['Ảnh chụp giấy tờ'], { dpi: 200, width: 800, height: 500, fontPx: 40 });
    const jpeg = await sharp(scan.image).withDensity(200).jpeg().toBuffer();
    const textFile = await textPdf(['Bản điện tử có sẵn chữ: giấy phép kinh doanh']);
    const [img] = await pages('cmnd.jpg', jpeg);
    const [txt] = await pages('gpkd.pdf', textFile);
    const pdf = await buildSearchablePdf([
      { image: img!.image, mime: 'image/jpeg', width: img!.width, height: img!.height, dpi: img!.dpi ?? 200, lines: scan.lines },
      { pdf: txt!.textLayer!.pdf, pageIndex: txt!.textLayer!.pageIndex },
    ], META);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    const { pdftotextRaw } = await import('../pdf/helpers');
    expect(pdftotextRaw(pdf).split('\n').map((l) => l.trim()).filter((l) => l && l !== '\f')).toEqual(['Ảnh chụp giấy tờ', 'Bản điện tử có sẵn chữ: giấy phép kinh doanh']);
  });
});
