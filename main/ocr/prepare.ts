// Main-thread preparation of one page for the OCR workers: decode once with sharp, pick the scale
// at which tesseract reads best for the text size found, find ruled tables, and hand the workers
// uncompressed greyscale PGM (leptonica reads it without any decoding work inside WebAssembly).
import sharp from 'sharp';
import { AppError } from '../../shared/contract/errors';
import { connectedComponents, letterLike, medianLetterHeight, type ComponentBox } from '../imaging/components';
import { binarize, otsuThreshold } from '../imaging/raw';
import { clearLongRuns, eraseRules, findRuledTables, type Rect } from '../imaging/ruled-lines';
import { inkPoints, refineAngle } from '../imaging/skew';
import { MAX_INPUT_PIXELS } from '../imaging/limits';
import { parsePgm, toPgm } from '../imaging/pgm';
import { release } from '../imaging/release';
import { flattenShading } from '../imaging/normalize';
import { clampOcrScale, ocrScaleFor, TARGET_LETTER_PX } from './ocr-scale';
import type { PageLayout } from './types';

export interface TableRegion {
  /** In pixels of the prepared (scaled) page. */
  rect: Rect;
  /** PGM crop of the table with its ruling lines erased. */
  image: Buffer;
}

export interface PreparedPage {
  /** PGM of the whole page, scaled, table regions blanked (they are read separately). */
  image: Buffer;
  width: number;
  height: number;
  srcWidth: number;
  srcHeight: number;
  /** prepared pixels per source pixel */
  scale: number;
  /** Resolution of the prepared page, for tesseract's user_defined_dpi. */
  dpi: number;
  tables: TableRegion[];
  /** Letter-sized ink components, in prepared pixels: what the OCR words should cover. */
  letters: ComponentBox[];
  letterPx: number | null;
  /** Skew (degrees) that was straightened before OCR; 0 when the page was read as it came. */
  skew: number;
  /** Maps a box in prepared pixels back to pixels of the image given to prepareForOcr. */
  toSource: (b: Box) => Box;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PrepareOptions {
  dpi?: number | null;
  /** Forces the scale instead of choosing it from the text size. */
  scale?: number;
  /** Skip ruled-table detection. */
  noTables?: boolean;
  /** Read the page at the angle it comes in. */
  noDeskew?: boolean;
  /**
   * Clean-up's analysis of this image (its ink and letters on a reduced copy): used instead of
   * analysing the image again, and the image is read at the angle it comes in.
   */
  layout?: PageLayout | null;
}

export { parsePgm, toPgm } from '../imaging/pgm';

async function decodeGrey(image: Buffer): Promise<{ data: Buffer; width: number; height: number; density: number | null; source: { width: number; height: number } | null }> {
  if (image.length === 0) throw new AppError('FILE_EMPTY');
  const pgm = parsePgm(image);
  if (pgm) {
    if (pgm.width * pgm.height > MAX_INPUT_PIXELS) throw new AppError('IMAGE_TOO_LARGE');
    return { ...pgm, density: null };
  }
  try {
    const pipe = sharp(image, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS });
    const meta = await pipe.metadata();
    const { data, info } = await pipe.greyscale().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, density: meta.density ?? null, source: null };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const msg = String((err as Error)?.message ?? err);
    if (/pixel limit/i.test(msg)) throw new AppError('IMAGE_TOO_LARGE');
    throw new AppError('OCR_FAILED', 'Không đọc được ảnh trang để nhận dạng ký tự (ảnh hỏng hoặc sai định dạng).', { cause: msg });
  }
}

interface Analysis {
  aScale: number;
  aW: number;
  aH: number;
  threshold: number;
  ink: Uint8Array;
  letters: ComponentBox[];
}

async function analyse(img: { data: Buffer; width: number; height: number }): Promise<Analysis> {
  // Analysis copy at about 110 dpi for A4: enough for text size, skew, rules and coverage.
  const aScale = Math.min(1, 1100 / Math.max(img.width, img.height));
  const aW = Math.max(1, Math.round(img.width * aScale));
  const aH = Math.max(1, Math.round(img.height * aScale));
  const small =
    aScale === 1
      ? img.data
      : await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).resize(aW, aH, { kernel: 'linear' }).toColourspace('b-w').raw().toBuffer();
  const aGrey = new Uint8Array(small.buffer, small.byteOffset, small.length);
  const threshold = otsuThreshold(aGrey);
  const ink = binarize({ data: aGrey, width: aW, height: aH, channels: 1 }, threshold);
  const letters = letterLike(connectedComponents(ink, aW, aH), Math.round(aH / 20));
  if (small !== img.data) release(small);
  return { aScale, aW, aH, threshold, ink, letters };
}

/** Clean-up's analysis as this step's own, if it describes an image of this shape. */
function fromLayout(layout: PageLayout | null | undefined, img: { data: Buffer; width: number; height: number }): Analysis | null {
  if (!layout || layout.width < 1 || layout.height < 1 || layout.ink.length !== layout.width * layout.height) return null;
  const aScale = layout.width / img.width;
  if (Math.abs(layout.height / img.height - aScale) > 0.02 * aScale) return null;
  const grey = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length);
  return { aScale, aW: layout.width, aH: layout.height, threshold: otsuThreshold(grey), ink: layout.ink, letters: layout.letters };
}

/** Skew of the text lines in degrees (positive: running down to the right), 0 if too little text. */
function textSkew(a: Analysis): number {
  const ink = Uint8Array.from(a.ink);
  clearLongRuns(ink, a.aW, a.aH, Math.round(a.aW * 0.08), Math.round(a.aH * 0.06));
  const pts = inkPoints(ink, a.aW, a.aH, 60_000);
  release(ink);
  return pts.count < 500 ? 0 : refineAngle(pts, a.aW, a.aH, 0, 15).angle;
}

/**
 * Below this skew the page is read as it is. Tesseract's automatic segmentation garbles whole
 * paragraphs from about 3° on (measured on the evaluation set), so pages that did not go through
 * cleanup (or were deskewed imperfectly) are straightened here and the boxes mapped back.
 */
const DESKEW_FROM_DEG = 0.4;

/**
 * Shading in a table is lifted with a background closed over this many letter heights (wider than
 * a bold stroke, narrower than a cell). On four evaluation sets (112 pages) the error rate went
 * from 0.0095 to 0.0089: photocopied registers, whose shaded header row had read as noise, from
 * 0.04–0.10 to 0.02–0.04 (the photocopies as a whole 0.020 → 0.016); the registers of the other
 * kinds moved by −0.002 to +0.007, every other page stayed as it was. Reading tables with
 * tesseract's Sauvola binarization instead gained as much on photocopies but changed twice as many
 * other pages, and on whole pages it was worse (0.027 on photocopies).
 */
const SHADING_RADIUS = 0.4;

export async function prepareForOcr(image: Buffer, opts: PrepareOptions = {}): Promise<PreparedPage> {
  const decoded = await decodeGrey(image);
  // A reduced copy from clean-up stands for a larger page image: boxes go back to that image's
  // pixels, and `opts.dpi` is that image's resolution.
  const source = decoded.source ?? { width: decoded.width, height: decoded.height };
  const kx = source.width / decoded.width;
  const ky = source.height / decoded.height;
  const srcDpi = (opts.dpi ?? (decoded.density && decoded.density >= 50 && decoded.density <= 1200 ? decoded.density : 300)) / kx;
  let src: { data: Buffer; width: number; height: number } = decoded;
  const given = fromLayout(opts.layout, src);
  let a = given ?? (await analyse(src));
  let skew = 0;
  if (!opts.noDeskew && !given) {
    const s = textSkew(a);
    if (Math.abs(s) >= DESKEW_FROM_DEG) {
      const { data, info } = await sharp(src.data, { raw: { width: src.width, height: src.height, channels: 1 } })
        .rotate(-s, { background: '#ffffff' })
        .toColourspace('b-w')
        .raw()
        .toBuffer({ resolveWithObject: true });
      src = { data, width: info.width, height: info.height };
      release(a.ink);
      a = await analyse(src);
      skew = s;
    }
  }
  const { aScale, aW, aH, threshold, ink } = a;
  const lettersA = a.letters;
  const letterA = medianLetterHeight(lettersA);
  const letterPx = letterA === null ? null : letterA / aScale;

  const scale = opts.scale !== undefined ? clampOcrScale(opts.scale) : ocrScaleFor(letterPx);
  const width = Math.max(1, Math.round(src.width * scale));
  const height = Math.max(1, Math.round(src.height * scale));
  const grey =
    scale === 1
      ? src.data
      : await sharp(src.data, { raw: { width: src.width, height: src.height, channels: 1 } })
          .resize(width, height, { kernel: scale < 1 ? 'lanczos3' : 'cubic' })
          .toColourspace('b-w')
          .raw()
          .toBuffer();

  // Prepared pixels → source pixels: undo the scale, then the deskew rotation about the centre.
  const t = (skew * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const toSource = (b: Box): Box => {
    const k = 1 / scale;
    if (skew === 0) return { x0: Math.round(b.x0 * k * kx), y0: Math.round(b.y0 * k * ky), x1: Math.round(b.x1 * k * kx), y1: Math.round(b.y1 * k * ky) };
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [x, y] of [[b.x0, b.y0], [b.x1, b.y0], [b.x1, b.y1], [b.x0, b.y1]] as const) {
      const dx = x * k - src.width / 2;
      const dy = y * k - src.height / 2;
      xs.push(decoded.width / 2 + dx * cos - dy * sin);
      ys.push(decoded.height / 2 + dx * sin + dy * cos);
    }
    const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
    return {
      x0: clamp(Math.min(...xs) * kx, source.width - 1),
      y0: clamp(Math.min(...ys) * ky, source.height - 1),
      x1: clamp(Math.max(...xs) * kx, source.width - 1),
      y1: clamp(Math.max(...ys) * ky, source.height - 1),
    };
  };

  const tables: TableRegion[] = [];
  if (!opts.noTables) {
    const perA = scale / aScale;
    const page = scale === 1 ? Buffer.from(grey) : grey; // never write into the caller's decode
    for (const r of findRuledTables(ink, aW, aH)) {
      const pad = Math.round(6 * perA);
      const rect = {
        x0: Math.max(0, Math.floor(r.x0 * perA) - pad),
        y0: Math.max(0, Math.floor(r.y0 * perA) - pad),
        x1: Math.min(width - 1, Math.ceil(r.x1 * perA) + pad),
        y1: Math.min(height - 1, Math.ceil(r.y1 * perA) + pad),
      };
      const cw = rect.x1 - rect.x0 + 1;
      const ch = rect.y1 - rect.y0 + 1;
      const crop = new Uint8Array(cw * ch);
      for (let y = 0; y < ch; y++) crop.set(page.subarray((rect.y0 + y) * width + rect.x0, (rect.y0 + y) * width + rect.x0 + cw), y * cw);
      const letter = (letterPx ?? TARGET_LETTER_PX) * scale;
      eraseRules(crop, cw, { x0: 0, y0: 0, x1: cw - 1, y1: ch - 1 }, threshold, Math.round(letter * 5), Math.round(letter * 3.2), 1);
      flattenShading(crop, cw, ch, Math.max(2, Math.round(letter * SHADING_RADIUS)));
      tables.push({ rect, image: toPgm(crop, cw, ch) });
      for (let y = rect.y0; y <= rect.y1; y++) page.fill(255, y * width + rect.x0, y * width + rect.x1 + 1);
    }
    return finish(page);
  }
  return finish(grey);

  function finish(page: Buffer): PreparedPage {
    const image = toPgm(page, width, height);
    // Copies made here are done with (the decoded input may be a view of the caller's image).
    if (page !== decoded.data) release(page);
    if (src !== decoded && src.data !== page) release(src.data);
    if (!given) release(ink);
    return {
      image,
      width,
      height,
      srcWidth: source.width,
      srcHeight: source.height,
      skew,
      toSource,
      scale,
      dpi: Math.round(srcDpi * scale),
      tables,
      letters: lettersA.map((b) => ({ x0: b.x0 / (aScale / scale), y0: b.y0 / (aScale / scale), x1: (b.x1 + 1) / (aScale / scale), y1: (b.y1 + 1) / (aScale / scale), area: b.area })),
      letterPx,
    };
  }
}
