// A tiny deterministic OCR engine for crash tests that fork the built core process (CoreOptions
// `fakeOcr: true`): no function crosses a process boundary, and tesseract.js would make a kill
// test slow and its timing unpredictable. Never used by a host.
import sharp from 'sharp';
import type { OcrEngine } from '../services/ocr-engine';
import type { OcrResult } from './types';
import { parsePgm } from '../imaging/pgm';

export function fakeEngine(): OcrEngine {
  let calls = 0;
  return {
    async recognize(image: Buffer): Promise<OcrResult> {
      calls++;
      const pgm = parsePgm(image);
      const { width = 1, height = 1 } = pgm ? (pgm.source ?? pgm) : await sharp(image).metadata();
      const text = `Trang thử nghiệm số ${calls}`;
      const words = text.split(' ').map((t, i) => ({ text: t, confidence: 90, bbox: { x0: 100 + i * 200, y0: 100, x1: 280 + i * 200, y1: 150 } }));
      return { text, lines: [{ words, bbox: { x0: 100, y0: 100, x1: 100 + words.length * 200, y1: 150 } }], confidence: 90, width, height };
    },
    async close() {},
  };
}
