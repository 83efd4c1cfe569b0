// Turns one incoming file (upload, scan-to-folder, scanner output) into page images. The file type is
// decided by its bytes, never by its name: officers receive files renamed by citizens and printers.
//
// Error model (so one bad page never loses the others):
//  - problems with the whole file (empty, too large, not an image/PDF, unreadable header, PDF with
//    scripts, password-protected PDF) make the generator THROW an AppError before any page;
//  - problems with one page of a multi-page file are YIELDED as `{ index, error }` (PageDecodeError)
//    and decoding continues with the next page. Use `isPageError()` to tell them apart.
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../shared/contract/errors';
import type { DecodedPage } from '../ocr/types';
import { inspectStructure, hasUsableText, DEFAULT_MIN_TEXT_CHARS } from '../pdf/inspect';
import { extractFullPageJpeg } from '../pdf/page-image';
import { openPdfjs, pageText, type PdfjsHandle, type PdfjsPage } from '../pdf/pdfjs';

export interface DecodeLimits {
  /** Whole-file size limit in bytes (default 200 MB). */
  maxBytes?: number;
  /** Per-page pixel limit, checked from the header before decoding (default 100 MP; A3 at 600 dpi is 70 MP). */
  maxPixels?: number;
  /** Longest side in pixels (default 25 000). */
  maxSide?: number;
  /** Pages per file (default 2 000). */
  maxPages?: number;
  /** Resolution for rendering image-only PDF pages (default 300). */
  renderDpi?: number;
  /** Resolution of the preview rendered for PDF pages that already have text (default 150). */
  previewDpi?: number;
  /** Non-space characters from which a PDF page counts as having text (default 16). */
  minTextChars?: number;
}

export interface PageDecodeError {
  /** 0-based page index inside the file. */
  index: number;
  error: AppError;
}

export type DecodeItem = DecodedPage | PageDecodeError;

export function isPageError(item: DecodeItem): item is PageDecodeError {
  return (item as PageDecodeError).error instanceof AppError;
}

export type SniffedFormat = 'jpeg' | 'png' | 'tiff' | 'bmp' | 'webp' | 'gif' | 'pdf';

const DEFAULTS: Required<DecodeLimits> = {
  maxBytes: 200 * 1024 * 1024,
  maxPixels: 100_000_000,
  maxSide: 25_000,
  maxPages: 2000,
  renderDpi: 300,
  previewDpi: 150,
  minTextChars: DEFAULT_MIN_TEXT_CHARS,
};

/** Identifies the format from magic bytes; null for anything we do not take. */
export function sniffFormat(buf: Buffer): SniffedFormat | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (buf.length >= 4 && (buf.readUInt32BE(0) === 0x49492a00 || buf.readUInt32BE(0) === 0x4d4d002a)) return 'tiff';
  if (buf.length >= 26 && buf[0] === 0x42 && buf[1] === 0x4d && buf.readUInt32LE(14) >= 12) return 'bmp';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (buf.length >= 6 && /^GIF8[79]a$/.test(buf.toString('latin1', 0, 6))) return 'gif';
  // The PDF header may follow some junk (allowed by readers) within the first kilobyte.
  if (buf.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  return null;
}

export async function* decodeFile(file: { name: string; data: Buffer }, limits: DecodeLimits = {}): AsyncGenerator<DecodeItem> {
  const lim = { ...DEFAULTS, ...limits };
  const data = file.data;
  if (!data || data.length === 0) throw new AppError('FILE_EMPTY', `Tệp "${file.name}" rỗng (0 byte).`);
  if (data.length > lim.maxBytes) {
    throw new AppError('FILE_TOO_LARGE', `Tệp "${file.name}" quá lớn (${mb(data.length)} MB, tối đa ${mb(lim.maxBytes)} MB).`);
  }
  const format = sniffFormat(data);
  if (!format) {
    throw new AppError('FILE_UNSUPPORTED', `Tệp "${file.name}" không phải ảnh (JPEG, PNG, TIFF, BMP, WebP) hoặc PDF.`);
  }
  switch (format) {
    case 'pdf':
      yield* decodePdf(file.name, data, lim);
      return;
    case 'tiff':
    case 'gif':
      yield* decodeMultiPage(file.name, data, format, lim);
      return;
    case 'bmp':
      yield await decodeBmp(file.name, data, lim);
      return;
    default:
      yield await decodeSingleImage(file.name, data, format, lim);
  }
}

// ---------------------------------------------------------------- images

async function readMeta(name: string, data: Buffer, page?: number): Promise<Metadata> {
  try {
    // No pixel limit here: the header is read without decoding, and we check the size ourselves
    // so an oversized image gets IMAGE_TOO_LARGE rather than a generic error.
    return await sharp(data, { limitInputPixels: false, ...(page === undefined ? {} : { page }) }).metadata();
  } catch (err) {
    throw corrupt(name, err);
  }
}

function checkSize(name: string, width: number, height: number, lim: Required<DecodeLimits>, index?: number): void {
  if (!(width > 0 && height > 0)) throw corrupt(name, new Error('zero size'));
  if (width * height > lim.maxPixels || width > lim.maxSide || height > lim.maxSide) {
    const where = index === undefined ? '' : ` (trang ${index + 1})`;
    throw new AppError('IMAGE_TOO_LARGE', `Ảnh trong tệp "${name}"${where} quá lớn: ${width}×${height} điểm ảnh.`, { width, height });
  }
}

async function decodeSingleImage(name: string, data: Buffer, format: SniffedFormat, lim: Required<DecodeLimits>): Promise<DecodedPage> {
  const meta = await readMeta(name, data);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  checkSize(name, width, height, lim);
  const dpi = plausibleDpi(meta.density, width, height);
  const color = (meta.channels ?? 3) >= 3 && meta.space !== 'b-w';
  const needsOrient = (meta.orientation ?? 1) > 1;

  if (format === 'jpeg' && !needsOrient && meta.space !== 'cmyk') {
    // Pass the original bytes through (no generation loss). A JPEG cut short while copying has no
    // end marker: only then pay for a full decode to find out whether it is really broken.
    if (!hasJpegEnd(data)) await fullDecode(name, data);
    return { index: 0, image: data, width, height, dpi, color };
  }
  if (format === 'png' && !needsOrient) {
    if (!hasPngEnd(data)) await fullDecode(name, data);
    return { index: 0, image: data, width, height, dpi, color };
  }
  // Phone photos with an EXIF rotation, CMYK JPEGs and WebP: re-encode once, upright and in sRGB.
  try {
    let img = sharp(data, { limitInputPixels: false, failOn: 'truncated' }).autoOrient();
    if (meta.space === 'cmyk') img = img.toColourspace('srgb');
    const { data: out, info } = format === 'jpeg'
      ? await img.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer({ resolveWithObject: true })
      : await img.png({ compressionLevel: 3 }).toBuffer({ resolveWithObject: true });
    return { index: 0, image: out, width: info.width, height: info.height, dpi: plausibleDpi(meta.density, info.width, info.height), color };
  } catch (err) {
    throw corrupt(name, err);
  }
}

/** TIFF (multi-page scans, often CCITT G4) and GIF: each page decoded and stored as lossless PNG. */
async function* decodeMultiPage(name: string, data: Buffer, format: SniffedFormat, lim: Required<DecodeLimits>): AsyncGenerator<DecodeItem> {
  const first = await readMeta(name, data); // a file whose first header is unreadable is corrupt as a whole
  // libvips stops counting at the first unreadable page; the IFD chain still lists them all.
  const pages = format === 'gif' ? 1 : Math.max(1, first.pages ?? 1, tiffPageCount(data));
  if (pages > lim.maxPages) throw new AppError('FILE_TOO_LARGE', `Tệp "${name}" có quá nhiều trang (${pages}, tối đa ${lim.maxPages}).`);
  for (let i = 0; i < pages; i++) {
    try {
      const meta = i === 0 ? first : await readMeta(name, data, i);
      checkSize(name, meta.width ?? 0, meta.height ?? 0, lim, pages > 1 ? i : undefined);
      const { data: png, info } = await sharp(data, { page: i, limitInputPixels: false, failOn: 'truncated' })
        .autoOrient()
        .png({ compressionLevel: 3 })
        .toBuffer({ resolveWithObject: true });
      yield { index: i, image: png, width: info.width, height: info.height, dpi: plausibleDpi(meta.density, info.width, info.height), color: info.channels >= 3 };
    } catch (err) {
      if (pages === 1) throw corrupt(name, err);
      yield { index: i, error: corrupt(name, err, i) };
    }
  }
}

/** BMP (some old scanner drivers still write it): sharp has no BMP loader, Skia (@napi-rs/canvas) does. */
async function decodeBmp(name: string, data: Buffer, lim: Required<DecodeLimits>): Promise<DecodedPage> {
  if (data.length < 54) throw corrupt(name, new Error('short BMP header'));
  const offset = data.readUInt32LE(10);
  const width = data.readInt32LE(18);
  const height = Math.abs(data.readInt32LE(22));
  const bpp = data.readUInt16LE(28);
  const compression = data.readUInt32LE(30);
  const ppm = data.readInt32LE(38);
  checkSize(name, width, height, lim);
  // Skia draws a truncated BMP without complaint (missing rows come out blank): check the length.
  if ((compression === 0 || compression === 3) && offset + Math.ceil((bpp * width) / 32) * 4 * height > data.length) {
    throw corrupt(name, new Error('truncated BMP'));
  }
  try {
    const { loadImage, createCanvas } = await import('@napi-rs/canvas');
    const img = await loadImage(data);
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
    const color = isColorRgba(rgba);
    const png = await rgbaToPng(rgba, img.width, img.height, color).png({ compressionLevel: 3 }).toBuffer();
    return { index: 0, image: png, width: img.width, height: img.height, dpi: plausibleDpi(ppm > 0 ? ppm * 0.0254 : undefined, img.width, img.height), color };
  } catch (err) {
    throw corrupt(name, err);
  }
}

// ---------------------------------------------------------------- PDF

async function* decodePdf(name: string, data: Buffer, lim: Required<DecodeLimits>): AsyncGenerator<DecodeItem> {
  const structure = await inspectStructure(data);
  if (structure.hasJavaScript) {
    throw new AppError('PDF_UNSAFE', `Tệp "${name}" chứa mã lệnh (JavaScript) nên không được nhận.`, { reasons: structure.unsafeReasons });
  }
  if (structure.unsafeReasons.includes('Launch')) {
    throw new AppError('PDF_UNSAFE', `Tệp "${name}" chứa lệnh tự mở chương trình khác nên không được nhận.`, { reasons: structure.unsafeReasons });
  }
  let handle: PdfjsHandle;
  try {
    handle = await openPdfjs(data, { maxImagePixels: lim.maxPixels });
  } catch (err) {
    if ((err as Error)?.name === 'PasswordException') {
      throw new AppError('FILE_UNSUPPORTED', `Tệp PDF "${name}" được đặt mật khẩu nên không mở được. Hãy đề nghị cung cấp bản không đặt mật khẩu.`, { reason: 'PDF_ENCRYPTED' });
    }
    throw corrupt(name, err);
  }
  const doc = handle.doc;
  try {
    if (doc.numPages > lim.maxPages) throw new AppError('FILE_TOO_LARGE', `Tệp "${name}" có quá nhiều trang (${doc.numPages}, tối đa ${lim.maxPages}).`);
    // Pages can only be copied (text layer kept) or have their JPEG lifted when pdf-lib can read
    // the file; an encrypted file that opens without a password (permissions only) is rendered.
    const libDoc = structure.encrypted ? null : structure.doc;
    for (let i = 0; i < doc.numPages; i++) {
      let page: PdfjsPage | undefined;
      let item: DecodeItem;
      try {
        page = await doc.getPage(i + 1);
        const text = libDoc ? await pageText(page).catch(() => '') : '';
        if (hasUsableText(text, lim.minTextChars)) {
          const preview = await renderPage(page, lim.previewDpi, lim);
          item = { index: i, ...preview, textLayer: { pdf: data, pageIndex: i, text } };
        } else {
          const jpeg = libDoc ? extractFullPageJpeg(libDoc, i) : null;
          if (jpeg && hasJpegEnd(jpeg.jpeg) && jpeg.width * jpeg.height <= lim.maxPixels && Math.max(jpeg.width, jpeg.height) <= lim.maxSide) {
            item = { index: i, image: jpeg.jpeg, width: jpeg.width, height: jpeg.height, dpi: jpeg.dpi, color: jpeg.components > 1 };
          } else {
            item = { index: i, ...(await renderPage(page, lim.renderDpi, lim)) };
          }
        }
      } catch (err) {
        item = { index: i, error: corrupt(name, err, i) };
      } finally {
        page?.cleanup();
      }
      yield item;
    }
  } finally {
    await handle.close();
  }
}

type Rendered = Pick<DecodedPage, 'image' | 'width' | 'height' | 'dpi' | 'color'>;

/** Renders a page to a lossless PNG (grayscale when the page has no colour, which halves its size). */
async function renderPage(page: PdfjsPage, dpi: number, lim: Required<DecodeLimits>): Promise<Rendered> {
  let scale = dpi / 72;
  let vp = page.getViewport({ scale });
  // Oversized pages (posters, drawings) are rendered smaller instead of refused.
  const shrink = Math.min(1, Math.sqrt(lim.maxPixels / (vp.width * vp.height)), lim.maxSide / Math.max(vp.width, vp.height));
  if (shrink < 1) {
    scale *= shrink * 0.999;
    vp = page.getViewport({ scale });
  }
  const width = Math.max(1, Math.round(vp.width));
  const height = Math.max(1, Math.round(vp.height));
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({ canvas: null, canvasContext: ctx as never, viewport: vp }).promise;
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const color = isColorRgba(rgba);
  const image = await rgbaToPng(rgba, width, height, color).png({ compressionLevel: 2 }).withDensity(scale * 72).toBuffer();
  return { image, width, height, dpi: Math.round(scale * 72), color };
}

/**
 * RGBA canvas pixels → sharp pipeline. A page without colour keeps one channel: green, the
 * closest single channel to luminance, is ~10× faster to extract than a colourspace conversion,
 * and on a page whose channels differ by < 24 levels everywhere the difference is invisible.
 */
function rgbaToPng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, color: boolean) {
  const s = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width, height, channels: 4 } });
  return color ? s.removeAlpha() : s.extractChannel(1);
}

/** True when any sampled pixel is noticeably non-grey (sampling keeps this at a few ms per page). */
export function isColorRgba(rgba: Uint8Array | Uint8ClampedArray, threshold = 24): boolean {
  const pixels = rgba.length >> 2;
  const step = Math.max(1, Math.floor(pixels / 200_000));
  for (let p = 0; p < pixels; p += step) {
    const o = p << 2;
    const r = rgba[o]!, g = rgba[o + 1]!, b = rgba[o + 2]!;
    if (Math.abs(r - g) > threshold || Math.abs(g - b) > threshold || Math.abs(r - b) > threshold) return true;
  }
  return false;
}

// ---------------------------------------------------------------- helpers

function corrupt(name: string, err: unknown, index?: number): AppError {
  if (err instanceof AppError) return err;
  const where = index === undefined ? '' : ` (trang ${index + 1})`;
  return new AppError('FILE_CORRUPT', `Tệp "${name}"${where} bị hỏng hoặc không đọc được.`, { cause: (err as Error)?.message ?? String(err) });
}

async function fullDecode(name: string, data: Buffer, page?: number): Promise<void> {
  try {
    await sharp(data, { limitInputPixels: false, failOn: 'truncated', ...(page === undefined ? {} : { page }) }).raw().toBuffer();
  } catch (err) {
    throw corrupt(name, err, page);
  }
}

/** Number of IFDs (pages) in a TIFF, following the offset chain without decoding anything. */
export function tiffPageCount(buf: Buffer): number {
  if (buf.length < 8) return 0;
  const le = buf[0] === 0x49;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const seen = new Set<number>();
  let ifd = u32(4);
  let n = 0;
  while (ifd > 0 && ifd + 2 <= buf.length && !seen.has(ifd) && n < 100_000) {
    seen.add(ifd);
    n++;
    const next = ifd + 2 + u16(ifd) * 12;
    if (next + 4 > buf.length) break;
    ifd = u32(next);
  }
  return n;
}

function hasJpegEnd(buf: Buffer): boolean {
  // EOI within the last bytes (some cameras append padding or trailers after it).
  const tail = buf.subarray(Math.max(0, buf.length - 4096));
  return tail.includes(Buffer.from([0xff, 0xd9]));
}

function hasPngEnd(buf: Buffer): boolean {
  return buf.subarray(Math.max(0, buf.length - 64)).includes('IEND');
}

/**
 * Resolution from metadata, or null when absent or implausible: cameras and image libraries write
 * 72 or 96 dpi by default, on 4000-px
 * photos (a 55-inch "page"), so anything giving a page larger than A0 or shorter than one inch
 * on a side is treated as unknown and left to the clean-up stage to estimate.
 */
export function plausibleDpi(density: number | undefined, width: number, height: number): number | null {
  if (!density || !Number.isFinite(density) || density < 50 || density > 2400) return null;
  // 72 and 96 are what software writes when it knows nothing; no scanner scans at those.
  if (Math.round(density) === 72 || Math.round(density) === 96) return null;
  const long = Math.max(width, height) / density;
  const short = Math.min(width, height) / density;
  if (long > 47 || short < 1) return null;
  return Math.round(density);
}

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
}
