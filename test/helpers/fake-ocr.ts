import sharp from 'sharp';
import type { OcrEngine } from '../../main/services/ocr-engine';
import type { OcrResult } from '../../main/ocr/types';

/** A deterministic OCR engine for pipeline tests: one line whose text names the call number. */
export function fakeOcr(text: (n: number) => string = (n) => `Trang thử nghiệm số ${n}`, confidence = 91) {
  let calls = 0;
  const engine: OcrEngine & { calls(): number } = {
    async recognize(image: Buffer): Promise<OcrResult> {
      calls++;
      // The pipeline hands OCR either a stored JPEG/PNG or clean-up's greyscale PGM copy.
      const pgm = /^P5\s+(\d+)\s+(\d+)\s/.exec(image.subarray(0, 40).toString('latin1'));
      const { width = 1, height = 1 } = pgm ? { width: Number(pgm[1]), height: Number(pgm[2]) } : await sharp(image).metadata();
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
