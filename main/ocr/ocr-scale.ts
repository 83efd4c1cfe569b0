// The scale at which a page is read, chosen from its letter size.

/**
 * Letter height (median height of letter-like components, a little above the x-height) the page is
 * scaled to before OCR. Lines are normalised to a fixed height inside the LSTM recogniser anyway,
 * so shrinking large type mostly saves layout-analysis time. Measured on the evaluation set
 * (character error rate, OCR CPU per page) with letters measured on the OCR copy: 20 px 0.013 /
 * 1.53 s, 16 px 0.0096 / 1.39 s, 14 px 0.0088 / 1.38 s, 12 px 0.012 / 1.22 s (rotated pages start
 * to fail). Clean-up now measures letters on its own analysis of the whole scan, where the same
 * print measures about 12 % smaller (16 px there read 18 px on the copy): 14 px by clean-up's
 * measure is the 16 px above, and keeps a margin for smaller print on the same page, since
 * tesseract's accuracy falls off below an x-height of about 10 px. Tiny type is enlarged (up to
 * 2×), which does help tesseract.
 */
export const TARGET_LETTER_PX = 14;
const MIN_SCALE = 0.5;
const MAX_SCALE = 2;

/** A requested scale kept within what OCR reads well (`min` lower for a full-size scan). */
export function clampOcrScale(scale: number, min = MIN_SCALE): number {
  return Math.min(MAX_SCALE, Math.max(min, scale));
}

/**
 * Scale for a page whose letters are `letterPx` high (null: unknown, read as it is). `min` lets
 * clean-up reduce a full-size scan with large print in one step (OCR would reduce its copy again).
 */
export function ocrScaleFor(letterPx: number | null, min = MIN_SCALE): number {
  if (letterPx === null || !(letterPx > 0)) return 1;
  const scale = clampOcrScale(TARGET_LETTER_PX / letterPx, min);
  // Within 10 % of the target is not worth a resample.
  return scale > 0.9 && scale < 1.1 ? 1 : scale;
}
