// Finds and reads the QR code of a citizen ID card on an image: a card scanned alone, a card anywhere
// on an A4 scan (small, rotated, blurred, JPEG, faded), a phone photo or a document-camera frame,
// possibly with other QR codes on the page (the one whose text parses as a card wins).
//
// Strategy (measured in bench/cccd.ts): the decoder looks at the whole image in up to three passes
// and stops at the first that yields a card's text:
//   1. as captured, in greyscale (pages larger than 3600 px are scaled down: a 600-dpi A4 still
//      leaves the card's QR modules ≥ 3 px); a JPEG or PNG that needs no scaling is handed to the
//      decoder as it is (its own image decoder: no libvips greyscale, no RGBA copy; faster);
//   2. sharpened, and for small images (shorter side < 1800 px: 150-dpi scans, camera frames)
//      first enlarged ×2: blurred scans and tiny codes, whose modules are under 2 px;
//   3. sharpened harder, at the first pass's size (heavier blur).
// zxing-cpp locates codes anywhere in the image by their finder patterns, at any angle, so no tiling
// is needed for a card on an A4 page (tiles measured slower and no better).
import sharp, { type Metadata, type Sharp } from 'sharp';
import { parseCitizenCard, looksLikeCardText, type CardProblemKind, type CitizenCard } from '../../shared/domain/citizen-card';
import { AppError } from '../../shared/contract/errors';
import { decodeFile, isPageError } from '../capture/decode';
import { decodeQrTexts, decodeQrTextsFromFile, type GrayImage } from './qr-decoder';

export type CardReadError = 'no-qr' | 'unreadable' | CardProblemKind;

export type CardRead = { ok: true; card: CitizenCard; text: string } | { ok: false; error: CardReadError; message: string };

const MAX_SIDE = 3600;
const SMALL_SIDE = 1800;

async function gray(img: Sharp): Promise<GrayImage> {
  const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** libvips' sharpen (mild: flat areas left alone, edges firmed up) on the greyscale pixels. */
function sharpen(g: GrayImage, sigma: number, m2: number): Promise<GrayImage> {
  return gray(sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } }).sharpen({ sigma, m1: 0, m2 }));
}

/** The passes, lazily: each builds its image only when the ones before found no card. */
function passes(image: Buffer, width: number, height: number, format: string | undefined): Array<() => Promise<string[]>> {
  const long = Math.max(width, height);
  const scale = long > MAX_SIDE ? MAX_SIDE / long : 1;
  const w = Math.round(width * scale);
  let base: Promise<GrayImage> | null = null;
  const first = () => (base ??= gray(scale < 1 ? sharp(image, { limitInputPixels: false }).rotate().resize({ width: w }) : sharp(image, { limitInputPixels: false }).rotate()));
  const small = Math.min(width, height) * scale < SMALL_SIDE;
  const asIs = scale === 1 && (format === 'jpeg' || format === 'png');
  return [
    async () => (asIs ? decodeQrTextsFromFile(new Uint8Array(image.buffer, image.byteOffset, image.length)) : decodeQrTexts(await first())),
    async () => {
      const g = await first();
      const src = small ? await gray(sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } }).resize({ width: g.width * 2, kernel: 'cubic' })) : g;
      return decodeQrTexts(await sharpen(src, 2, 4));
    },
    async () => decodeQrTexts(await sharpen(await first(), 3, 6)),
  ];
}

/** Reads the card's QR on one image (JPEG, PNG, TIFF… any format sharp reads). */
export async function readCardQrFromImage(image: Buffer, opts: { now?: number } = {}): Promise<CardRead> {
  let meta: Metadata;
  try {
    meta = await sharp(image).metadata();
  } catch {
    return { ok: false, error: 'unreadable', message: 'Không đọc được ảnh (tệp hỏng hoặc không phải ảnh).' };
  }
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = rotated ? meta.height! : meta.width!;
  const height = rotated ? meta.width! : meta.height!;
  let otherCodes = 0;
  let problem: CardRead | null = null;
  for (const pass of passes(image, width, height, meta.format)) {
    const texts = await pass();
    for (const text of texts) {
      if (!looksLikeCardText(text)) {
        otherCodes++;
        continue;
      }
      const parsed = parseCitizenCard(text, opts);
      if (parsed.ok) return { ok: true, card: parsed.card, text };
      problem ??= { ok: false, error: parsed.kind, message: parsed.message };
    }
    // A card's QR that fails a check is reported as it is: another pass would read the same text.
    if (problem) return problem;
  }
  if (otherCodes > 0) {
    return { ok: false, error: 'not-card', message: 'Ảnh có mã QR nhưng không phải mã QR trên thẻ căn cước công dân.' };
  }
  return { ok: false, error: 'no-qr', message: 'Không tìm thấy mã QR của thẻ căn cước công dân trong ảnh. Chụp hoặc quét lại mặt trước của thẻ, rõ nét, đủ sáng.' };
}

/**
 * Reads the card's QR on a file as digitization receives it (JPEG, PNG, TIFF, BMP, WebP, PDF): its
 * first page.
 */
export async function readCardFile(file: { name: string; data: Buffer }, opts: { now?: number } = {}): Promise<CardRead> {
  try {
    for await (const page of decodeFile(file)) {
      if (isPageError(page)) return { ok: false, error: 'unreadable', message: page.error.message };
      return await readCardQrFromImage(page.image, opts);
    }
    return { ok: false, error: 'unreadable', message: `Tệp "${file.name}" không có trang nào.` };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: 'unreadable', message: err.message };
    throw err;
  }
}
