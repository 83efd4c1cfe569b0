// Shapes that flow between capture, clean-up, OCR and PDF building. Coordinates are pixels of the
// cleaned page image (origin top-left), so the PDF text layer can be laid over that same image.
import type { OcrWord } from '../../shared/contract/api';
import type { ImagePlacement } from '../imaging/placement';
import type { ComponentBox } from '../imaging/components';

export type { OcrWord };

export interface OcrLine {
  words: OcrWord[];
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrResult {
  /** Recognized text, NFC-normalized, lines separated by "\n", blocks by a blank line. */
  text: string;
  lines: OcrLine[];
  /** Mean word confidence 0–100 (0 when there are no words). */
  confidence: number;
  width: number;
  height: number;
}

/** A raster page as decoded from a source file, before clean-up. */
export interface DecodedPage {
  /** 0-based index of the page inside its source file. */
  index: number;
  /** Encoded image bytes (JPEG, PNG or TIFF single page) as found or re-encoded losslessly. */
  image: Buffer;
  width: number;
  height: number;
  /** Resolution from the file's metadata; null when the file does not say. */
  dpi: number | null;
  color: boolean;
  /** Present when the page came from a PDF that already has a text layer: no OCR needed. */
  textLayer?: { pdf: Buffer; pageIndex: number; text: string };
}

/** A page after clean-up, ready for OCR and for the PDF. */
export interface CleanPage {
  /** The archived image: upright, or as captured when `placement` says how to lay it upright. */
  image: Buffer;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  dpi: number;
  color: boolean;
  /** Clockwise rotation applied to make the text upright. */
  rotation: 0 | 90 | 180 | 270;
  skewDegrees: number;
  cropped: boolean;
  blank: boolean;
  /**
   * Greyscale copy prepared for OCR (background flattened, ink stretched, red seals dropped), as an
   * 8-bit binary PGM ("P5") of the same size as `image`. Not for archiving or display.
   */
  ocrImage?: Buffer;
  /** How to read `ocrImage` (clean-up's copy is straight, and its layout is already analysed). */
  ocrHints?: OcrHints;
  /**
   * Set when `image` was kept as captured: the turn and deskew that lay it upright on a page of
   * width × height (which are the upright page's size). Null when `image` is upright itself.
   */
  placement: ImagePlacement | null;
}

/**
 * What clean-up found out about a page's layout, handed to OCR so the page is not analysed twice:
 * its ink and letter-like components on a reduced copy of the OCR image (same page, same turn,
 * `width` × `height` pixels).
 */
export interface PageLayout {
  /** 1 = ink, rules and frames included (ruled tables are found in it). */
  ink: Uint8Array;
  width: number;
  height: number;
  letters: ComponentBox[];
}

/** What is known about a page image before it is read. */
export interface OcrHints {
  /** Resolution of the page image (of the page it stands for, for a reduced copy); default from its metadata, else 300. */
  dpi?: number | null;
  /** False when the image is known to be straight (clean-up's copy): skips the skew check. */
  deskew?: boolean;
  /** Clean-up's layout analysis of the image. The image is then read as it is (no deskew). */
  layout?: PageLayout | null;
}
