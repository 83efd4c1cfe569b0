// The OCR fallback for a citizen card whose QR cannot be read (a damaged card, an old 9- or 12-digit
// paper CMND): the card's front is read by the app's OCR (the tesseract.js pool digitization uses,
// with its bundled Vietnamese model) and the fields are found by their printed labels
// (shared/domain/card-front.ts). Every value is a proposal to check; nothing is stored or logged.
import { extractCardFront, frontFieldCount, type CardFront } from '../../shared/domain/card-front';
import { AppError } from '../../shared/contract/errors';
import { decodeFile, isPageError } from '../capture/decode';
import type { OcrEngine } from '../services/ocr-engine';

export type FrontRead = { ok: true; front: CardFront; text: string } | { ok: false; error: 'no-fields' | 'unreadable'; message: string; text?: string };

/** Reads the front of the card on a file's first page (JPEG, PNG, TIFF, BMP, WebP, PDF). */
export async function readCardFront(file: { name: string; data: Buffer }, engine: Pick<OcrEngine, 'recognize'>, opts: { now?: number } = {}): Promise<FrontRead> {
  let image: Buffer | null = null;
  let dpi: number | null = null;
  try {
    for await (const page of decodeFile(file)) {
      if (isPageError(page)) return { ok: false, error: 'unreadable', message: page.error.message };
      image = page.image;
      dpi = page.dpi;
      break;
    }
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: 'unreadable', message: err.message };
    throw err;
  }
  if (!image) return { ok: false, error: 'unreadable', message: `Tệp "${file.name}" không có trang nào.` };
  const ocr = await engine.recognize(image, { dpi });
  const front = extractCardFront(ocr.text, opts);
  if (frontFieldCount(front) === 0 || (!front.fields.id && !front.fields.name)) {
    return {
      ok: false,
      error: 'no-fields',
      message: 'Không nhận ra số định danh hay họ tên trên ảnh mặt trước của thẻ. Chụp hoặc quét lại mặt trước, rõ nét, đủ sáng; hoặc nhập tay.',
      text: ocr.text,
    };
  }
  return { ok: true, front, text: ocr.text };
}
