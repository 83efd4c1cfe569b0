// Builds the archived, searchable PDF of one dossier component: each scanned page is drawn at 100 %
// scale (page size = pixels / dpi) with an invisible (render mode 3) text layer laid word by word
// over it, so the file looks exactly like the scan but can be searched and copied (Circular
// 01/2019: PDF ≥ 1.4, colour, ≥ 200 dpi, 100 % scale). Pages that came from a PDF already carrying
// text are copied unchanged instead of being OCRed again.
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFHexString, PDFName, PDFRef, type PDFFont } from 'pdf-lib';
import { AppError } from '../../shared/contract/errors';
import type { OcrLine } from '../ocr/types';
import { isUpright, pdfImageMatrix, type ImagePlacement } from '../imaging/placement';
import { fontBytes, fontPath } from './font';
import { parsePngForPdf } from './png';

export { fontPath, setFontPath } from './font';

export interface PdfImagePage {
  image: Buffer;
  mime: 'image/jpeg' | 'image/png';
  /** Pixel size of the upright page (of `image` itself unless placed); OCR boxes are in these pixels (origin top-left). */
  width: number;
  height: number;
  dpi: number;
  lines: OcrLine[];
  /** `image` is as captured: turned and deskewed onto the page by the image matrix. */
  placement?: ImagePlacement | null;
}

/** A page of a PDF that already had a text layer: copied as is, not OCRed again. */
export interface PdfCopiedPage {
  pdf: Buffer;
  pageIndex: number;
}

export interface PdfMeta {
  title: string;
  dossierCode: string;
  component: string;
  officer: string;
  createdAt: Date;
  producer?: string;
}

export interface BuildPdfOptions {
  /** Called after each page is laid out (progress bars). */
  onPage?: (index: number, total: number) => void;
}

export const PRODUCER = 'Một Cửa Số';

/**
 * The text layer is invisible: no shaping is wanted, only one glyph per (NFC, precomposed)
 * character so copy and search give back exactly the recognized text. Turning OpenType features
 * off also skips most of fontkit's layout work.
 */
const TEXT_LAYER_FEATURES = { liga: false, kern: false, mark: false, mkmk: false, ccmp: false, calt: false, clig: false, rlig: false, locl: false };

/**
 * fontkit with the parsed text-layer font kept for the process: parsing DejaVu Sans (750 kB, its
 * glyph and layout tables) was most of a one-page PDF's CPU. A fontkit font is read-only once
 * parsed (each document still gets its own subset), so documents can share it.
 */
const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const sharedFontkit: typeof fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
    let font = parsedFonts.get(data);
    if (!font) {
      font = fontkit.create(data);
      parsedFonts.set(data, font);
    }
    return font;
  },
};

export function isCopiedPage(p: PdfImagePage | PdfCopiedPage): p is PdfCopiedPage {
  return (p as PdfCopiedPage).pdf !== undefined;
}

export async function buildSearchablePdf(
  pages: Array<PdfImagePage | PdfCopiedPage>,
  meta: PdfMeta,
  options: BuildPdfOptions = {},
): Promise<Uint8Array> {
  if (pages.length === 0) throw new AppError('BAD_REQUEST', 'Không có trang nào để tạo tệp PDF.');
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(sharedFontkit);
  setMetadata(doc, meta);

  // Copied pages are fetched per source document in one copyPages call, so shared resources
  // (fonts, colour spaces) are copied once rather than once per page.
  const copied = await copySourcePages(doc, pages);

  // One embedded, subsetted font per document; words are encoded through a cache because
  // fontkit's layout is the main per-word cost and scanned documents repeat words a lot.
  let text: TextEncoderCache | null = null;
  const getText = async (): Promise<TextEncoderCache> => {
    text ??= new TextEncoderCache(await doc.embedFont(fontBytes(), { subset: true, features: TEXT_LAYER_FEATURES }));
    return text;
  };

  for (let i = 0; i < pages.length; i++) {
    const p = pages[i]!;
    if (isCopiedPage(p)) {
      doc.addPage(copied.get(p)!);
    } else {
      await addImagePage(doc, p, p.lines.some((l) => l.words.length > 0) ? await getText() : null);
    }
    options.onPage?.(i, pages.length);
  }
  // Object streams off: a plain cross-reference table is readable by every archival validator.
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}

function setMetadata(doc: PDFDocument, meta: PdfMeta): void {
  doc.setTitle(nfc(meta.title), { showInWindowTitleBar: true });
  doc.setAuthor(nfc(meta.officer));
  doc.setSubject(nfc(meta.component));
  doc.setKeywords([nfc(meta.dossierCode)]);
  doc.setCreator(PRODUCER);
  doc.setProducer(nfc(meta.producer ?? PRODUCER));
  doc.setCreationDate(meta.createdAt);
  doc.setModificationDate(meta.createdAt);
  doc.setLanguage('vi-VN');
}

async function copySourcePages(doc: PDFDocument, pages: Array<PdfImagePage | PdfCopiedPage>) {
  const bySource = new Map<Buffer, PdfCopiedPage[]>();
  for (const p of pages) {
    if (!isCopiedPage(p)) continue;
    const list = bySource.get(p.pdf) ?? [];
    list.push(p);
    bySource.set(p.pdf, list);
  }
  const out = new Map<PdfCopiedPage, Awaited<ReturnType<PDFDocument['copyPages']>>[number]>();
  for (const [pdf, list] of bySource) {
    let src: PDFDocument;
    try {
      src = await PDFDocument.load(pdf, { updateMetadata: false });
    } catch (err) {
      throw new AppError('FILE_CORRUPT', undefined, { cause: (err as Error).message });
    }
    const count = src.getPageCount();
    for (const p of list) {
      if (!Number.isInteger(p.pageIndex) || p.pageIndex < 0 || p.pageIndex >= count) {
        throw new AppError('BAD_REQUEST', `Trang ${p.pageIndex + 1} không có trong tệp PDF gốc.`);
      }
    }
    const copies = await doc.copyPages(src, list.map((p) => p.pageIndex));
    list.forEach((p, i) => out.set(p, copies[i]!));
  }
  return out;
}

async function addImagePage(doc: PDFDocument, p: PdfImagePage, text: TextEncoderCache | null): Promise<void> {
  if (!(p.width > 0 && p.height > 0 && p.dpi > 0)) throw new AppError('BAD_REQUEST', 'Kích thước hoặc độ phân giải trang không hợp lệ.');
  const k = 72 / p.dpi; // pixels → points
  const W = p.width * k;
  const H = p.height * k;
  const page = doc.addPage([W, H]);
  const embedded = await embedImage(doc, p);
  const im = page.node.newXObject('Im', embedded.ref);

  const matrix = p.placement && !isUpright(p.placement) ? pdfImageMatrix(embedded.width, embedded.height, p.placement, k, W, H) : [W, 0, 0, H, 0, 0];
  let content = `q ${matrix.map(num).join(' ')} cm ${im.toString()} Do Q\n`;
  if (text) {
    const font = page.node.newFontDictionary('F', text.font.ref);
    content += textLayer(p, k, H, font.toString(), text);
  }
  // Node's zlib is several times faster than pdf-lib's pako for the content stream.
  const stream = doc.context.stream(deflateSync(Buffer.from(content, 'latin1')), { Filter: 'FlateDecode' });
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
}

/** Embeds the page image without re-encoding: JPEG bytes verbatim (DCTDecode), PNG IDAT verbatim. */
async function embedImage(doc: PDFDocument, p: PdfImagePage): Promise<{ ref: PDFRef; width: number; height: number }> {
  const ctx = doc.context;
  if (p.mime === 'image/jpeg') {
    const sof = readJpegSof(p.image);
    if (!sof) throw new AppError('FILE_CORRUPT', 'Ảnh JPEG của trang bị hỏng.');
    const colorSpace = sof.components === 1 ? 'DeviceGray' : sof.components === 4 ? 'DeviceCMYK' : 'DeviceRGB';
    const dict: Record<string, unknown> = {
      Type: 'XObject', Subtype: 'Image', Width: sof.width, Height: sof.height,
      BitsPerComponent: sof.bits, ColorSpace: colorSpace, Filter: 'DCTDecode',
    };
    // Adobe CMYK JPEGs store inverted samples.
    if (sof.components === 4) dict.Decode = [1, 0, 1, 0, 1, 0, 1, 0];
    return { ref: ctx.register(ctx.stream(p.image, dict as never)), width: sof.width, height: sof.height };
  }
  const png = parsePngForPdf(p.image);
  if (png) {
    const colorSpace = png.palette
      ? ctx.obj(['Indexed', 'DeviceRGB', png.palette.length / 3 - 1, PDFHexString.of(png.palette.toString('hex'))] as never)
      : png.colors === 1 ? 'DeviceGray' : 'DeviceRGB';
    const dict = {
      Type: 'XObject', Subtype: 'Image', Width: png.width, Height: png.height,
      BitsPerComponent: png.bitDepth, ColorSpace: colorSpace, Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: png.colors, BitsPerComponent: png.bitDepth, Columns: png.width },
    };
    return { ref: ctx.register(ctx.stream(png.idat, dict as never)), width: png.width, height: png.height };
  }
  // Alpha / interlaced / 16-bit PNG: pdf-lib decodes it (rare: the clean-up stage writes plain PNGs).
  try {
    const img = await doc.embedPng(p.image);
    return { ref: img.ref, width: img.width, height: img.height };
  } catch (err) {
    throw new AppError('FILE_CORRUPT', 'Ảnh PNG của trang bị hỏng.', { cause: (err as Error).message });
  }
}

interface EncodedWord {
  hex: string;
  /** Advance width at font size 1000 (i.e. in 1/1000 em). */
  width1000: number;
}

class TextEncoderCache {
  readonly font: PDFFont;
  private readonly chars = new Map<string, EncodedWord>();
  private readonly words = new Map<string, EncodedWord>();
  /** Ascent and descent as fractions of the em, for placing the baseline inside a line box. */
  readonly ascent: number;
  readonly descent: number;

  constructor(font: PDFFont) {
    this.font = font;
    const m = fontMetrics();
    this.ascent = m.ascent;
    this.descent = m.descent;
  }

  /**
   * Encodes character by character. fontkit's full OpenType layout per word was 70 % of the build
   * time; invisible text needs no shaping (ligatures are off, Vietnamese NFC letters are single
   * precomposed glyphs) and viewers measure with the font's /W widths, which ignore kerning — so
   * summing per-character advances is both faster and the exact width the viewer will use.
   * Each new character still goes through encodeText once, which adds its glyph to the subset.
   */
  encode(text: string): EncodedWord {
    let w = this.words.get(text);
    if (!w) {
      let hex = '';
      let width1000 = 0;
      for (const ch of text) {
        let c = this.chars.get(ch);
        if (!c) {
          c = { hex: this.font.encodeText(ch).toString().slice(1, -1), width1000: this.font.widthOfTextAtSize(ch, 1000) };
          this.chars.set(ch, c);
        }
        hex += c.hex;
        width1000 += c.width1000;
      }
      w = { hex: `<${hex}>`, width1000 };
      this.words.set(text, w);
    }
    return w;
  }
}

let metricsCache: { path: string; ascent: number; descent: number } | null = null;
function fontMetrics(): { ascent: number; descent: number } {
  const p = fontPath();
  if (metricsCache?.path !== p) {
    const f = fontkit.create(fontBytes() as Buffer) as unknown as { ascent: number; descent: number; unitsPerEm: number };
    metricsCache = { path: p, ascent: f.ascent / f.unitsPerEm, descent: Math.abs(f.descent) / f.unitsPerEm };
  }
  return metricsCache;
}

/**
 * The invisible text layer. Words go out line by line in the OCR's reading order, all words of a
 * line on one baseline, so `pdftotext -raw` and copy/paste give the text back line by line. Each
 * word except the last carries its trailing space and is stretched (Tz) up to the next word's
 * start: extractors then see a real space instead of guessing one from a gap, and a search hit
 * highlights exactly the word's box on the image.
 */
function textLayer(p: PdfImagePage, k: number, H: number, fontName: string, enc: TextEncoderCache): string {
  const out: string[] = ['BT', '3 Tr'];
  const em = enc.ascent + enc.descent;
  for (const line of p.lines) {
    const words = line.words
      .map((w) => ({ text: cleanText(w.text), bbox: w.bbox }))
      .filter((w) => w.text.length > 0);
    if (words.length === 0) continue;
    let y0 = line.bbox.y0;
    let y1 = line.bbox.y1;
    if (!(y1 > y0)) {
      y0 = Math.min(...words.map((w) => w.bbox.y0));
      y1 = Math.max(...words.map((w) => w.bbox.y1));
    }
    const linePx = Math.max(1, y1 - y0);
    const sizePx = linePx / em; // ascender-to-descender spans the line box
    const size = sizePx * k;
    const baseline = H - (y1 - enc.descent * sizePx) * k;
    out.push(`${fontName} ${num(size)} Tf`);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const next = words[i + 1];
      const withSpace = next !== undefined && next.bbox.x0 > w.bbox.x0;
      const s = withSpace ? `${w.text} ` : w.text;
      const targetPx = withSpace ? next.bbox.x0 - w.bbox.x0 : Math.max(1, w.bbox.x1 - w.bbox.x0);
      const e = enc.encode(s);
      const natural = (e.width1000 * size) / 1000;
      const tz = natural > 0 ? Math.min(1000, Math.max(1, (100 * targetPx * k) / natural)) : 100;
      out.push(`${num(tz)} Tz 1 0 0 1 ${num(w.bbox.x0 * k)} ${num(baseline)} Tm ${e.hex} Tj`);
    }
  }
  out.push('ET');
  return out.join('\n') + '\n';
}

/** NFC (decomposed marks would extract as separate characters) and no control characters. */
function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return nfc(s).replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
}

function nfc(s: string): string {
  return String(s ?? '').normalize('NFC');
}

function num(n: number): string {
  return (Math.round(n * 1000) / 1000).toString();
}

/** Width, height, components and bit depth from a JPEG's SOF marker (no pixel decoding). */
export function readJpegSof(buf: Buffer): { width: number; height: number; components: number; bits: number } | null {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null;
  let off = 2;
  while (off + 4 <= buf.length) {
    if (buf[off] !== 0xff) return null;
    const marker = buf[off + 1]!;
    if (marker === 0xff) { off++; continue; } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { off += 2; continue; }
    const len = buf.readUInt16BE(off + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (off + 10 > buf.length) return null;
      return { bits: buf[off + 4]!, height: buf.readUInt16BE(off + 5), width: buf.readUInt16BE(off + 7), components: buf[off + 9]! };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // EOI / SOS before any SOF
    off += 2 + len;
  }
  return null;
}
