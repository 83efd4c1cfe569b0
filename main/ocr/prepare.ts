// Main-thread preparation of one page for the OCR workers: decode once with sharp, pick the scale
// at which tesseract reads best for the text size found, find ruled tables, and hand the workers
// uncompressed greyscale PGM (leptonica reads it without any decoding work inside WebAssembly).
import sharp from 'sharp';
import { AppError } from '../../shared/contract/errors';
import { connectedComponents, letterLike, medianLetterHeight, type ComponentBox } from '../imaging/components';
import { binarize, otsuThreshold } from '../imaging/raw';
import { eraseRules, findRuledTables, type Rect } from '../imaging/ruled-lines';
import { MAX_INPUT_PIXELS } from '../imaging/limits';

/**
 * Letter height (median component height, ≈ x-height) tesseract's LSTM reads best at. Lines are
 * normalised to a fixed height inside the recogniser anyway, so shrinking pages with large type to
 * this size costs little accuracy and saves layout-analysis time; tiny type is enlarged.
 */
export const TARGET_LETTER_PX = 24;
const MIN_SCALE = 0.5;
const MAX_SCALE = 2;

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
}

export interface PrepareOptions {
  dpi?: number | null;
  /** Forces the scale instead of choosing it from the text size. */
  scale?: number;
  /** Skip ruled-table detection. */
  noTables?: boolean;
}

export function toPgm(data: Uint8Array, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), data]);
}

/** Parses an 8-bit binary PGM ("P5"), the format cleanup hands to OCR; null if it is not one. */
export function parsePgm(buf: Buffer): { data: Buffer; width: number; height: number } | null {
  if (buf.length < 8 || buf[0] !== 0x50 || buf[1] !== 0x35) return null;
  const m = /^P5\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 200).toString('latin1'));
  if (!m) return null;
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (Number(m[3]) !== 255 || buf.length - m[0].length < width * height) return null;
  return { data: buf.subarray(m[0].length, m[0].length + width * height), width, height };
}

async function decodeGrey(image: Buffer): Promise<{ data: Buffer; width: number; height: number; density: number | null }> {
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
    return { data, width: info.width, height: info.height, density: meta.density ?? null };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const msg = String((err as Error)?.message ?? err);
    if (/pixel limit/i.test(msg)) throw new AppError('IMAGE_TOO_LARGE');
    throw new AppError('OCR_FAILED', 'Không đọc được ảnh trang để nhận dạng ký tự (ảnh hỏng hoặc sai định dạng).', { cause: msg });
  }
}

export async function prepareForOcr(image: Buffer, opts: PrepareOptions = {}): Promise<PreparedPage> {
  const src = await decodeGrey(image);
  const srcDpi = opts.dpi ?? (src.density && src.density >= 50 && src.density <= 1200 ? src.density : 300);

  // Analysis copy at about half size: enough for text size, rules and coverage, 4× fewer pixels.
  const aScale = Math.min(1, 1400 / Math.max(src.width, src.height));
  const aW = Math.max(1, Math.round(src.width * aScale));
  const aH = Math.max(1, Math.round(src.height * aScale));
  const analysis =
    aScale === 1
      ? src.data
      : (await sharp(src.data, { raw: { width: src.width, height: src.height, channels: 1 } }).resize(aW, aH, { kernel: 'linear' }).toColourspace('b-w').raw().toBuffer());
  const aGrey = new Uint8Array(analysis.buffer, analysis.byteOffset, analysis.length);
  const threshold = otsuThreshold(aGrey);
  const ink = binarize({ data: aGrey, width: aW, height: aH, channels: 1 }, threshold);
  const lettersA = letterLike(connectedComponents(ink, aW, aH), Math.round(aH / 20));
  const letterA = medianLetterHeight(lettersA);
  const letterPx = letterA === null ? null : letterA / aScale;

  let scale = opts.scale ?? (letterPx === null ? 1 : TARGET_LETTER_PX / letterPx);
  scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
  // Within 10 % of the target is not worth a resample.
  if (opts.scale === undefined && scale > 0.9 && scale < 1.1) scale = 1;
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
      tables.push({ rect, image: toPgm(crop, cw, ch) });
      for (let y = rect.y0; y <= rect.y1; y++) page.fill(255, y * width + rect.x0, y * width + rect.x1 + 1);
    }
    return finish(page);
  }
  return finish(grey);

  function finish(page: Buffer): PreparedPage {
    return {
      image: toPgm(page, width, height),
      width,
      height,
      srcWidth: src.width,
      srcHeight: src.height,
      scale,
      dpi: Math.round(srcDpi * scale),
      tables,
      letters: lettersA.map((b) => ({ x0: b.x0 / (aScale / scale), y0: b.y0 / (aScale / scale), x1: (b.x1 + 1) / (aScale / scale), y1: (b.y1 + 1) / (aScale / scale), area: b.area })),
      letterPx,
    };
  }
}
