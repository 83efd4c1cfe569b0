import type { OrientationQuestion } from '../imaging/cleanup';
import type { OcrHints, OcrResult } from '../ocr/types';

/** What digitization needs from an OCR engine; the real one is the tesseract.js pool (ocr/pool). */
export interface OcrEngine {
  recognize(image: Buffer, hints?: OcrHints): Promise<OcrResult>;
  detectOrientation?(question: OrientationQuestion): Promise<{ degrees: 0 | 90 | 180 | 270; confidence: number } | null>;
  close(): Promise<void>;
}
