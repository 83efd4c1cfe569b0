import sharp from 'sharp';
import type { OcrEngine } from '../../main/services/ocr-engine';
import type { OcrResult } from '../../main/ocr/types';
import { parsePgm } from '../../main/imaging/pgm';

/** A deterministic OCR engine for pipeline tests: one line whose text names the call number. */
export function fakeOcr(text: (n: number) => string = (n) => `Trang thử nghiệm số ${n}`, confidence = 91) {
  let calls = 0;
  const engine: OcrEngine & { calls(): number } = {
    async recognize(image: Buffer): Promise<OcrResult> {
      calls++;
      // The pipeline hands OCR either a stored JPEG/PNG or clean-up's greyscale PGM copy.
      // A reduced PGM names the page size it stands for; results are in that page's pixels, as the pool's.
      const pgm = parsePgm(image);
      const { width = 1, height = 1 } = pgm ? (pgm.source ?? pgm) : await sharp(image).metadata();
      const words = text(calls).split(' ').map((t, i) => ({
        text: t,
        confidence,
        bbox: { x0: 100 + i * 200, y0: 100, x1: 280 + i * 200, y1: 150 },
      }));
      return { text: text(calls), lines: [{ words, bbox: { x0: 100, y0: 100, x1: 100 + words.length * 200, y1: 150 } }], confidence, width, height };
    },
    async close() {},
    calls: () => calls,
  };
  return engine;
}
